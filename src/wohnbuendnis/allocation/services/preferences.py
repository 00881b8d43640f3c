"""Households' wishes (districts, floor, step-free access, maximum rent) and how they become
the ranked preferences of the deferred-acceptance mechanism.

A wish is stated by the household through the housing office or by its social agency; each
statement is a new version (the newest is valid, the older ones are its history). A flat is
acceptable to a household when it meets every stated wish: its district among the wished ones
(a flat without a district is not refused for it), its floor at most the highest wished floor
(a flat without a floor meets no floor wish), step-free when wished, its gross rent at most the
wished maximum. Acceptable flats are ranked cheapest first, then by "free from" and flat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.accounts.models import AccessAction, User
from wohnbuendnis.accounts.services import record_personal_data_access
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.engine import Preference
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    Household,
    HousingPreference,
    Vacancy,
)
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.lib.plausibility import check_all, check_range

MAX_FLOOR = 40
RENT_EUR = (Decimal(50), Decimal(10_000))  # a wished gross rent outside this is a typo


def district_choices(alliance: Alliance):
    """The districts (and quarters) inside the alliance's area: what a household may wish."""
    return Area.objects.filter(
        level__in=(AreaLevel.DISTRICT, AreaLevel.QUARTER), parent__in=_area_tree(alliance.area_id)
    ).order_by("name")


def _area_tree(root: int) -> list[int]:
    found, frontier = [root], [root]
    while frontier:
        frontier = list(Area.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        found += frontier
    return found


def check_preference(data: dict) -> None:
    """The plausible values of a wish (form and service check them), keyed by field."""
    checks: list[tuple] = []
    if data.get("max_floor") is not None:
        checks.append(
            ("max_floor", check_range, data["max_floor"], _("Das Geschoss"), 0, MAX_FLOOR)
        )
    if data.get("max_rent_eur") is not None:
        checks.append(
            ("max_rent_eur", check_range, data["max_rent_eur"], _("Die höchste Miete"), *RENT_EUR)
        )
    check_all(*checks)
    if data.get("ground_floor_only") and data.get("max_floor"):
        raise ValidationError(
            {"max_floor": _("„Nur Erdgeschoss“ und ein höheres Geschoss widersprechen sich.")}
        )


def current_preference(household: Household) -> HousingPreference | None:
    return household.preferences.prefetch_related("districts").first()


def _same(row: HousingPreference | None, data: dict, districts: set[int]) -> bool:
    if row is None:
        return False
    return (
        {d.pk for d in row.districts.all()} == districts
        and row.max_floor == data.get("max_floor")
        and row.ground_floor_only == bool(data.get("ground_floor_only"))
        and row.step_free == bool(data.get("step_free"))
        and row.max_rent_eur == data.get("max_rent_eur")
    )


@transaction.atomic
def state_preference(
    household: Household, user: User, *, districts: Iterable[Area] = (),
    max_floor: int | None = None, ground_floor_only: bool = False, step_free: bool = False,
    max_rent_eur: Decimal | None = None,
) -> HousingPreference:  # fmt: skip
    """Record a new version of the household's wishes (the earlier ones stay as history)."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.status in CLOSED_STATUSES or locked.anonymised_at is not None:
        raise ValidationError(_("Für einen abgeschlossenen Fall werden keine Wünsche erfasst."))
    data = {
        "max_floor": max_floor, "ground_floor_only": ground_floor_only, "step_free": step_free,
        "max_rent_eur": max_rent_eur,
    }  # fmt: skip
    check_preference(data)
    wanted = {area.pk for area in districts}
    allowed = set(district_choices(locked.alliance).values_list("pk", flat=True))
    if not wanted <= allowed:
        raise ValidationError({"districts": _("Nur Stadtteile des Bündnisgebiets.")})
    if _same(current_preference(locked), data, wanted):
        raise ValidationError(_("Es wurde nichts geändert."))
    row = HousingPreference.objects.create(
        household=locked, stated_at=timezone.now(), stated_by=user, **data
    )
    row.districts.set(wanted)
    return row


def preference_history(user: User, household: Household) -> list[HousingPreference]:
    """Every version of the household's wishes, newest first; one access-log row."""
    if not user.has_perm("allocation.view_preferences", household):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    rows = list(household.preferences.prefetch_related("districts").select_related("stated_by"))
    record_personal_data_access(
        user, AccessAction.VIEW, household, gettext_lazy("Wohnwünsche angesehen")
    )
    return rows


# --- wishes → ranked preferences of the engine --------------------------------------------------


def acceptable(pref: HousingPreference, vacancy: Vacancy, districts: set[int]) -> bool:
    """The flat meets every stated wish (see the module docstring)."""
    flat = vacancy.flat
    district = getattr(flat, "district_id", None)  # flats carry a district where known
    if districts and district is not None and district not in districts:
        return False
    if pref.ground_floor_only and flat.floor != 0:
        return False
    if pref.max_floor is not None and (flat.floor is None or flat.floor > pref.max_floor):
        return False
    if pref.step_free and not (flat.step_free or flat.wheelchair):
        return False
    return pref.max_rent_eur is None or flat.rent_gross_eur <= pref.max_rent_eur


def current_preferences(households: Iterable[int]) -> dict[int, HousingPreference]:
    """The valid (newest) wish of each household that stated one."""
    found: dict[int, HousingPreference] = {}
    rows = HousingPreference.objects.filter(household__in=list(households)).prefetch_related(
        "districts"
    )
    for row in rows.order_by("household_id", "-stated_at", "-id"):
        found.setdefault(row.household_id, row)
    return found


def engine_preferences(households: Iterable[int], vacancies: Sequence[Vacancy]) -> list[Preference]:
    """The ranked preferences (rank 1 = best) of the households that stated wishes, over the
    vacancies they accept: cheapest first, then "free from", then the vacancy's id."""
    ordered = sorted(vacancies, key=lambda v: (v.flat.rent_gross_eur, v.available_from, v.pk))
    rows = []
    for household_id, pref in sorted(current_preferences(households).items()):
        districts = {d.pk for d in pref.districts.all()}
        wanted = [v for v in ordered if acceptable(pref, v, districts)]
        rows += [
            Preference(str(household_id), str(v.pk), rank) for rank, v in enumerate(wanted, start=1)
        ]
    return rows
