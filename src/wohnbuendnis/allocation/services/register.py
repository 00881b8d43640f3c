"""The priority list's versions and the applicant register: registration, consent, the
housing office's check of the criteria and the household's manual status."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    PriorityScheme,
    check_household,
)
from wohnbuendnis.allocation.services._status import _household_status
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language

MANUAL_STATUSES = (
    HouseholdStatus.ACTIVE,
    HouseholdStatus.DORMANT,
    HouseholdStatus.HOUSED,
    HouseholdStatus.DEREGISTERED,
)


# --- priority list ------------------------------------------------------------------------------


@transaction.atomic
def create_scheme_version(
    alliance: Alliance, user: User, *, toml: str, decided_on: datetime.date, decided_by: str,
    resolution: str = "",
) -> PriorityScheme:  # fmt: skip
    """Store a new version of the priority list (validated by the engine's parser) and
    recompute the points of every open case under it."""
    Alliance.objects.select_for_update().get(pk=alliance.pk)
    scheme = engine.parse(toml)
    last = PriorityScheme.objects.filter(alliance=alliance).aggregate(last=Max("version"))["last"]
    version = PriorityScheme.objects.create(
        alliance=alliance, version=(last or 0) + 1, decided_on=decided_on,
        decided_by=decided_by, resolution=resolution, toml=toml, sha256=engine.scheme_hash(scheme),
        created_by=user,
    )  # fmt: skip
    recompute_points(alliance)
    return version


@transaction.atomic
def recompute_points(alliance: Alliance) -> int:
    """Recompute the urgency points of every open household of the alliance under its current
    priority list; returns how many stored points changed.

    The one place that refreshes points in bulk (a new version of the list, a repair after an
    import). The open households are locked first, so a check of criteria running at the same
    time either finishes before (and is recomputed here) or waits and then sees the new list.
    """
    version = engine.current_scheme(alliance)
    if version is None:
        return 0
    scheme = engine.parse(version.toml)
    rows = Household.objects.filter(alliance=alliance).exclude(status__in=CLOSED_STATUSES)
    open_cases = list(rows.select_for_update().only("pk", "points").order_by("pk"))
    criteria = engine.checked_criteria(rows.values("pk"))
    changed = []
    for household in open_cases:
        points = engine.points_of(criteria.get(household.pk, frozenset()), scheme)
        if household.points != points:
            household.points = points
            changed.append(household)
    Household.objects.bulk_update(changed, ["points"], batch_size=500)
    return len(changed)


def _recompute_points(household: Household) -> None:
    version = engine.current_scheme(household.alliance)
    if version is None:
        return
    criteria = engine.checked_criteria([household.pk]).get(household.pk, frozenset())
    household.points = engine.points_of(criteria, engine.parse(version.toml))
    household.save(update_fields=["points"])


# --- applicant register -------------------------------------------------------------------------


def _valid_criteria(alliance: Alliance, names: Iterable[str]) -> list[str]:
    version = engine.current_scheme(alliance)
    known = set(engine.parse(version.toml).criteria) if version else set()
    unknown = sorted(set(names) - known)
    if unknown:
        raise ValidationError(
            _("Unbekannte Kriterien der Prioritätenliste: %(names)s") % {"names": unknown}
        )
    return sorted(set(names))


@transaction.atomic
def register_household(
    alliance: Alliance, user: User, data: Mapping[str, Any], *,
    criteria: Mapping[str, str] | None = None, agency: Organisation | None = None,
    consent_text: str = "",
) -> Household:  # fmt: skip
    """Register a household; a social agency registers its client only with recorded consent.

    ``data``: name, contact, persons, children, income_eur, entitlement_valid_until,
    needs_step_free, needs_wheelchair, household_type, nationality_group. ``criteria``: claimed
    criterion → evidence offered; they count only after the housing office checked them.
    """
    if agency is not None and not consent_text.strip():
        raise ValidationError(
            _("Ohne dokumentierte Einwilligung kann der Haushalt nicht gemeldet werden.")
        )
    check_household(data)
    claimed = dict(criteria or {})
    _valid_criteria(alliance, claimed)
    now = timezone.now()
    household = Household.objects.create(
        alliance=alliance, reference=f"tmp-{uuid.uuid4().hex[:16]}", registered_on=now.date(),
        registered_by=user, agency=agency, status=HouseholdStatus.ACTIVE, status_changed_at=now,
        **data,
    )  # fmt: skip
    household.reference = f"W-{household.pk:07d}"
    household.save(update_fields=["reference"])
    if consent_text.strip():
        household = record_consent(household, user, consent_text)
    HouseholdCriterion.objects.bulk_create(
        HouseholdCriterion(household=household, criterion=name, evidence=evidence[:300])
        for name, evidence in claimed.items()
    )
    record_status(household, user, in_site_language(gettext_noop("registriert")), new=True)
    return household


@transaction.atomic
def record_consent(household: Household, user: User, text: str) -> Household:
    """Record the client's consent to the processing (who took it, when, its wording)."""
    if not text.strip():
        raise ValidationError(_("Der Wortlaut der Einwilligung fehlt."))
    locked = Household.objects.select_for_update().get(pk=household.pk)
    locked.consent_text, locked.consent_at, locked.consent_by = text.strip(), timezone.now(), user
    locked.save(update_fields=["consent_text", "consent_at", "consent_by"])
    return locked


@transaction.atomic
def withdraw_consent(household: Household, user: User) -> Household:
    """The client withdraws the consent an agency took: the case is deregistered and the
    agency loses access to it at once; the history row says who recorded the withdrawal, when.

    Consent was the only legal basis for keeping an agency's client in the register (see
    docs/record-of-processing-allocation.md), so the household is not handed on to the housing
    office: it is "abgemeldet" and anonymised by the retention job like any closed case. The
    consent's wording, time and taker stay as proof of the consent given before (Art. 7(1)).
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.agency_id is None or locked.consent_at is None:
        raise ValidationError(
            _("Für diesen Haushalt liegt keine Einwilligung eines Sozialträgers vor.")
        )
    if locked.status == HouseholdStatus.RESERVED:
        raise ValidationError(
            _("Der Haushalt ist benannt; erst entscheidet der Vermieter, dann kann der Widerruf "
              "eingetragen werden.")
        )  # fmt: skip
    note = in_site_language(
        gettext_noop("Einwilligung widerrufen (gemeldet durch %(agency)s)"), agency=locked.agency
    )
    if locked.status in CLOSED_STATUSES:
        locked.agency = None
        locked.save(update_fields=["agency"])
        record_status(locked, user, note)
    else:
        change_status(locked, HouseholdStatus.DEREGISTERED, user, note, agency=None,
                      status_changed_at=timezone.now())  # fmt: skip
    return locked


@transaction.atomic
def verify_household(
    household: Household, user: User, confirmed: Iterable[str], evidence: Mapping[str, str]
) -> Household:
    """The housing office checks the claimed criteria against the evidence it has seen.

    Confirmed criteria count for the points; the others stay on file as not confirmed (they
    give no points). What the office saw is kept beside the evidence the applicant or the
    agency entered, which stays unchanged. Points are recomputed by the engine from the
    current priority list.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.status in CLOSED_STATUSES:
        raise ValidationError(_("Ein abgeschlossener Fall kann nicht mehr geprüft werden."))
    names = _valid_criteria(locked.alliance, confirmed)
    now = timezone.now()
    check = {"checked_at": now, "checked_by": user}
    locked.criteria.exclude(criterion__in=names).update(confirmed=False, **check)
    for name in names:
        HouseholdCriterion.objects.update_or_create(
            household=locked, criterion=name,
            defaults={"checked_evidence": evidence.get(name, "")[:300], "confirmed": True,
                      **check},
        )  # fmt: skip
    locked.verified_at, locked.verified_by = now, user
    locked.save(update_fields=["verified_at", "verified_by"])
    _recompute_points(locked)
    return locked


@transaction.atomic
def set_household_status(
    household: Household, user: User, status: str, note: str = ""
) -> Household:
    """Set a status by hand (e.g. ruhend, abgemeldet); "vorgemerkt" comes only from nominations."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if status not in MANUAL_STATUSES:
        raise ValidationError(_("Dieser Status wird nur durch eine Benennung gesetzt."))
    if locked.status == HouseholdStatus.RESERVED:
        raise ValidationError(_("Der Haushalt ist benannt; erst entscheidet der Vermieter."))
    if locked.status == status:
        raise ValidationError(_("Der Haushalt hat diesen Status bereits."))
    _household_status(locked, status, user, note)
    return locked
