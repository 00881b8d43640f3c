"""Vacancies and the naming of households for them: one vacancy at a time or a batch in one
engine run (shortlist or optimal assignment)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.engine import Nomination as EngineNomination
from wohnbuendnis.allocation.engine import optimal as run_optimal
from wohnbuendnis.allocation.engine import shortlist as run_shortlist
from wohnbuendnis.allocation.models import (
    Flat,
    Household,
    HouseholdStatus,
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
    check_flat,
)
from wohnbuendnis.allocation.services._status import _household_status
from wohnbuendnis.allocation.services.cost_coverage_deadlines import raise_at_nomination
from wohnbuendnis.allocation.services.settings import settings_of
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language

# --- vacancies and nominations ------------------------------------------------------------------


@transaction.atomic
def report_vacancy(
    alliance: Alliance, user: User, landlord: Organisation, flat: Mapping[str, Any],
    available_from: datetime.date,
) -> Vacancy:  # fmt: skip
    """A landlord reports a vacant bound flat (``flat``: the fields of :class:`Flat`; its
    district, when given, a district of the alliance's municipality)."""
    check_flat(flat, available_from, alliance)
    if flat.get("wheelchair") and not flat.get("step_free"):
        raise ValidationError(_("Eine rollstuhlgerechte Wohnung ist auch stufenlos erreichbar."))
    version = engine.current_scheme(alliance)
    if version is None:
        raise ValidationError(_("Das Bündnis hat noch keine Prioritätenliste beschlossen."))
    if flat.get("funding_path", "1") not in engine.parse(version.toml).income_limits.paths:
        raise ValidationError(_("Diesen Förderweg kennt die Prioritätenliste nicht."))
    row = Flat.objects.create(alliance=alliance, landlord=landlord, **flat)
    vacancy = Vacancy.objects.create(
        flat=row, available_from=available_from, reported_by=user,
        reported_on=timezone.localdate(),
    )  # fmt: skip
    record_status(vacancy, user, new=True)
    return vacancy


def _candidates(alliance: Alliance, reference: datetime.date, exclude: set[int]) -> tuple:
    """The free, checked households of the alliance as engine records, the applied version
    and the scheme with the reference date."""
    version = engine.current_scheme(alliance)
    if version is None:
        raise ValidationError(_("Das Bündnis hat noch keine Prioritätenliste beschlossen."))
    scheme = engine.scheme_on(version, reference)
    rows = list(
        Household.objects.filter(
            alliance=alliance, status=HouseholdStatus.ACTIVE, verified_at__isnull=False,
            anonymised_at__isnull=True,
        ).exclude(pk__in=exclude)
    )  # fmt: skip
    ids = [row.pk for row in rows]
    criteria, caps = engine.checked_criteria(ids), engine.rent_caps(ids, reference)
    households = [
        engine.to_household(r, criteria.get(r.pk, frozenset()), caps.get(r.pk)) for r in rows
    ]
    return households, version, scheme


def _shortlist(vacancy: Vacancy, day: datetime.date, exclude: set[int]) -> tuple[list, Any]:
    """Run the engine's shortlist over the free, checked households of the alliance."""
    alliance = vacancy.flat.alliance
    reference = max(day, vacancy.available_from)
    households, version, scheme = _candidates(alliance, reference, exclude)
    flat = engine.to_flat(vacancy.flat, vacancy.available_from, str(vacancy.pk))
    result = run_shortlist(households, flat, scheme, seed=alliance.pk)
    return list(result.nominations), version


@transaction.atomic
def nominate_candidates(
    vacancy: Vacancy, user: User | None, today: datetime.date | None = None
) -> list[Nomination]:
    """Name the N most urgent eligible households for a vacancy (Benennungsrecht).

    Households named here rest their other chances ("vorgemerkt") until the landlord decides.
    Households named for this vacancy before are not named again. Returns the new nominations
    (empty when no eligible household is left).
    """
    day = today or timezone.localdate()
    locked = Vacancy.objects.select_for_update().select_related("flat").get(pk=vacancy.pk)
    if locked.status not in (VacancyStatus.REPORTED, VacancyStatus.NOMINATED):
        raise ValidationError(_("Für diese Wohnung wird niemand mehr benannt."))
    if locked.nominations.filter(status=NominationStatus.OPEN).exists():
        raise ValidationError(_("Über die benannten Haushalte ist noch nicht entschieden."))
    exclude = set(locked.nominations.values_list("household_id", flat=True))
    for _attempt in range(5):
        picked, version = _shortlist(locked, day, exclude)
        ids = [int(n.household_id) for n in picked]
        free = set(
            Household.objects.select_for_update()
            .filter(pk__in=ids, status=HouseholdStatus.ACTIVE)
            .values_list("pk", flat=True)
        )
        if free == set(ids):
            break
        exclude |= set(ids) - free  # named elsewhere meanwhile: run again without them
    else:
        raise ValidationError(_("Zu viele gleichzeitige Benennungen; bitte erneut versuchen."))
    return _create_nominations(locked, user, picked, version, day)


BATCH_MECHANISMS = ("shortlist", "optimal")


def _batch_run(alliance, vacancies, mechanism, day, exclude) -> tuple[dict, Any]:
    """One engine run over all vacancies; returns the picks per vacancy id and the version.

    The entitlement must be valid on the latest "free from" day of the batch (stricter than
    per flat, so that every nominee is eligible for its flat)."""
    reference = max(day, *(v.available_from for v in vacancies))
    households, version, scheme = _candidates(alliance, reference, exclude)
    flats = [engine.to_flat(v.flat, v.available_from, str(v.pk)) for v in vacancies]
    picks: dict[int, list] = {v.pk: [] for v in vacancies}
    if mechanism == "optimal":
        result = run_optimal(households, flats, scheme, seed=alliance.pk)
        for row in result.assignments:  # one household per flat, rank 1
            picks[int(row.flat_id)].append(
                EngineNomination(row.flat_id, 1, row.household_id, row.points, 0)
            )
    else:
        for row in run_shortlist(households, flats, scheme, seed=alliance.pk).nominations:
            picks[int(row.flat_id)].append(row)
    return picks, version


def _lock_batch(alliance: Alliance, vacancies: Iterable[Vacancy]) -> list[Vacancy]:
    ids = sorted({v.pk for v in vacancies})
    if not ids:
        raise ValidationError(_("Bitte wählen Sie mindestens eine Wohnung."))
    locked = list(
        Vacancy.objects.select_for_update()
        .select_related("flat")
        .filter(pk__in=ids, flat__alliance=alliance)
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise ValidationError(_("Eine der Wohnungen gehört nicht zu diesem Bündnis."))
    for vacancy in locked:
        if vacancy.status not in (VacancyStatus.REPORTED, VacancyStatus.NOMINATED) or (
            vacancy.nominations.filter(status=NominationStatus.OPEN).exists()
        ):
            raise ValidationError(
                _("Für %(flat)s kann jetzt niemand benannt werden.") % {"flat": vacancy.flat}
            )
    return locked


@transaction.atomic
def nominate_batch(
    alliance: Alliance, vacancies: Iterable[Vacancy], user: User | None,
    mechanism: str = "shortlist", today: datetime.date | None = None,
) -> list[Nomination]:  # fmt: skip
    """Name households for a batch of open vacancies in one engine run.

    ``shortlist``: N ranked nominees per flat, no household on two shortlists; ``optimal``: one
    household per flat, the engine's matroid-greedy assignment. Households named before for one
    of the batch's vacancies are left out of the whole batch. All vacancies are locked first
    (in id order), then the named households; a household named elsewhere meanwhile leads to
    a new run without it. Returns the new nominations.
    """
    if mechanism not in BATCH_MECHANISMS:
        raise ValidationError(_("Unbekanntes Verfahren."))
    day = today or timezone.localdate()
    locked = _lock_batch(alliance, vacancies)
    exclude = set(
        Nomination.objects.filter(vacancy__in=locked).values_list("household_id", flat=True)
    )
    for _attempt in range(5):
        picks, version = _batch_run(alliance, locked, mechanism, day, exclude)
        ids = {int(n.household_id) for rows in picks.values() for n in rows}
        free = set(
            Household.objects.select_for_update()
            .filter(pk__in=ids, status=HouseholdStatus.ACTIVE)
            .values_list("pk", flat=True)
        )
        if free == ids:
            break
        exclude |= ids - free
    else:
        raise ValidationError(_("Zu viele gleichzeitige Benennungen; bitte erneut versuchen."))
    created = []
    for vacancy in locked:
        created += _create_nominations(vacancy, user, picks[vacancy.pk], version, day)
    return created


def _create_nominations(vacancy, user, picked, version, day) -> list[Nomination]:
    if not picked:
        return []
    deadline = day + datetime.timedelta(days=settings_of(vacancy.flat.alliance).decision_days)
    round_ = vacancy.rounds + 1
    created = []
    households = Household.objects.in_bulk([int(n.household_id) for n in picked])
    for row in picked:
        household = households[int(row.household_id)]
        nomination = Nomination.objects.create(
            vacancy=vacancy, household=household, round=round_, rank=row.rank,
            points=row.points, scheme=version, nominated_on=day, deadline=deadline,
        )  # fmt: skip
        record_status(nomination, user, new=True)
        _household_status(
            household, HouseholdStatus.RESERVED, user, in_site_language(gettext_noop("benannt"))
        )
        created.append(nomination)
    vacancy.rounds, vacancy.deadline = round_, deadline
    vacancy.save(update_fields=["rounds", "deadline"])
    raise_at_nomination(created, user, day)  # open cost-coverage requests: decide before
    if vacancy.status != VacancyStatus.NOMINATED:
        change_status(vacancy, VacancyStatus.NOMINATED, user)
    return created
