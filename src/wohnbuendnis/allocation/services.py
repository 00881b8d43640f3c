"""State changes of the cooperative allocation; every entry point (view, command, demo) calls these.

Each function runs in one transaction and writes a history row for every status it changes.
Lock order, to avoid deadlocks between clerks and landlords acting at once:
vacancy → nomination → household → cost-coverage case.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Body, Membership, Organisation
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    AllocationSettings,
    AllocationSettingsChange,
    CostCoverageCase,
    CostCoverageStatus,
    CostCoverageStatusChange,
    DeclineReason,
    EntitlementReminder,
    Flat,
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    HouseholdStatusChange,
    Nomination,
    NominationStatus,
    NominationStatusChange,
    PriorityScheme,
    Vacancy,
    VacancyStatus,
    VacancyStatusChange,
)
from wohnbuendnis.analytics.allocation import Nomination as EngineNomination
from wohnbuendnis.analytics.allocation import optimal as run_optimal
from wohnbuendnis.analytics.allocation import scheme_hash
from wohnbuendnis.analytics.allocation import shortlist as run_shortlist

MANUAL_STATUSES = (
    HouseholdStatus.ACTIVE,
    HouseholdStatus.DORMANT,
    HouseholdStatus.HOUSED,
    HouseholdStatus.DEREGISTERED,
)


def settings_of(alliance: Alliance) -> AllocationSettings:
    found, _created = AllocationSettings.objects.get_or_create(alliance=alliance)
    return found


DECISION_DAYS = (3, 60)
RETENTION_MONTHS = (6, 120)


@transaction.atomic
def update_allocation_settings(
    alliance: Alliance, user: User, *, audit_bodies: Iterable[Body], decision_days: int,
    retention_months: int,
) -> AllocationSettings:  # fmt: skip
    """Change the alliance's allocation settings; the change is written to their history."""
    settings_of(alliance)
    locked = AllocationSettings.objects.select_for_update().get(alliance=alliance)
    bodies = sorted(set(audit_bodies), key=lambda b: (b.position, b.pk))
    if any(b.alliance_id != alliance.pk for b in bodies):
        raise ValidationError(_("Nur Gremien dieses Bündnisses können Einsicht erhalten."))
    if not DECISION_DAYS[0] <= decision_days <= DECISION_DAYS[1]:
        raise ValidationError(
            _("Die Entscheidungsfrist liegt zwischen %(a)d und %(b)d Tagen.")
            % {"a": DECISION_DAYS[0], "b": DECISION_DAYS[1]}
        )
    if not RETENTION_MONTHS[0] <= retention_months <= RETENTION_MONTHS[1]:
        raise ValidationError(
            _("Die Aufbewahrung liegt zwischen %(a)d und %(b)d Monaten.")
            % {"a": RETENTION_MONTHS[0], "b": RETENTION_MONTHS[1]}
        )
    old_bodies = sorted(locked.audit_bodies.all(), key=lambda b: (b.position, b.pk))
    changes = []
    if locked.decision_days != decision_days:
        changes.append(
            _("Entscheidungsfrist %(a)d → %(b)d Tage")
            % {"a": locked.decision_days, "b": decision_days}
        )
    if locked.retention_months != retention_months:
        changes.append(
            _("Aufbewahrung %(a)d → %(b)d Monate")
            % {"a": locked.retention_months, "b": retention_months}
        )
    if old_bodies != bodies:
        names = ", ".join(b.short_name or b.name for b in bodies) or "–"
        changes.append(_("Gremien mit Einsicht: %(names)s") % {"names": names})
    if not changes:
        raise ValidationError(_("Es wurde nichts geändert."))
    locked.decision_days, locked.retention_months = decision_days, retention_months
    locked.save(update_fields=["decision_days", "retention_months"])
    locked.audit_bodies.set(bodies)
    AllocationSettingsChange.objects.create(
        settings=locked, by=user, summary="; ".join(str(c) for c in changes)[:500]
    )
    return locked


_OWNER = {
    HouseholdStatusChange: "household",
    CostCoverageStatusChange: "case",
    VacancyStatusChange: "vacancy",
    NominationStatusChange: "nomination",
}


def _set_status(obj, history, to: str, user: User | None, note: str = "", **fields: Any) -> None:
    """Change ``obj.status`` and append the history row (``history``: the history model)."""
    before = obj.status
    obj.status = to
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", *fields])
    history.objects.create(
        **{_OWNER[history]: obj}, by=user, from_status=before, to_status=to, note=note[:300]
    )


def _household_status(household: Household, to: str, user: User | None, note: str = "") -> None:
    _set_status(household, HouseholdStatusChange, to, user, note, status_changed_at=timezone.now())


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
        decided_by=decided_by, resolution=resolution, toml=toml, sha256=scheme_hash(scheme),
        created_by=user,
    )  # fmt: skip
    open_cases = Household.objects.filter(alliance=alliance).exclude(status__in=CLOSED_STATUSES)
    criteria = engine.checked_criteria(open_cases.values_list("pk", flat=True))
    for household in open_cases.only("pk", "points"):
        household.points = engine.points_of(criteria.get(household.pk, frozenset()), scheme)
    Household.objects.bulk_update(open_cases.only("pk", "points"), ["points"], batch_size=500)
    return version


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
    if data.get("children", 0) >= data.get("persons", 1):
        raise ValidationError(_("Mindestens eine Person im Haushalt muss erwachsen sein."))
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
    HouseholdStatusChange.objects.create(
        household=household, by=user, to_status=HouseholdStatus.ACTIVE, note=_("registriert")
    )
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
def verify_household(
    household: Household, user: User, confirmed: Iterable[str], evidence: Mapping[str, str]
) -> Household:
    """The housing office checks the claimed criteria against the evidence it has seen.

    Confirmed criteria count for the points; the others are removed. Points are recomputed by
    the engine from the current priority list.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.status in CLOSED_STATUSES:
        raise ValidationError(_("Ein abgeschlossener Fall kann nicht mehr geprüft werden."))
    names = _valid_criteria(locked.alliance, confirmed)
    now = timezone.now()
    locked.criteria.exclude(criterion__in=names).delete()
    for name in names:
        HouseholdCriterion.objects.update_or_create(
            household=locked, criterion=name,
            defaults={"evidence": evidence.get(name, "")[:300], "checked_at": now,
                      "checked_by": user},
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


# --- reminders before the housing entitlement expires --------------------------------------------

REMINDER_DAYS = 60
OPEN_STATUSES = (HouseholdStatus.ACTIVE, HouseholdStatus.RESERVED, HouseholdStatus.DORMANT)


def expiring_entitlements(
    alliance: Alliance | None, day: datetime.date, days: int = REMINDER_DAYS
) -> QuerySet[Household]:
    """Open cases whose entitlement (WBS) expires within ``days`` from ``day`` (inclusive),
    soonest first; ``alliance=None`` for all alliances. A query, not a read of the data."""
    rows = Household.objects.filter(
        status__in=OPEN_STATUSES, anonymised_at__isnull=True,
        entitlement_valid_until__gte=day,
        entitlement_valid_until__lte=day + datetime.timedelta(days=days),
    )  # fmt: skip
    if alliance is not None:
        rows = rows.filter(alliance=alliance)
    return rows.order_by("entitlement_valid_until", "pk")


def _reminder_addresses(household: Household, day: datetime.date) -> list[str]:
    """The registering agency's staff in the alliance, else the housing office's staff."""
    active = Membership.objects.active(day).filter(alliance_id=household.alliance_id)
    candidates = []
    if household.agency_id is not None:
        candidates.append(
            active.filter(role=Role.SOCIAL_AGENCY, organisation_id=household.agency_id)
        )
    candidates.append(active.filter(role=Role.HOUSING_OFFICE))
    for memberships in candidates:
        found = sorted(
            set(memberships.exclude(person__email="").values_list("person__email", flat=True))
        )
        if found:
            return found
    return []


def _reminder_text(links: list[str], days: int) -> str:
    lines = [
        _("Guten Tag,"),
        "",
        _(
            "bei den folgenden wohnungssuchenden Haushalten läuft der Wohnberechtigungsschein "
            "in den nächsten %(days)d Tagen ab. Ohne gültigen Wohnberechtigungsschein kann der "
            "Haushalt nicht mehr benannt werden. Bitte unterstützen Sie die Verlängerung und "
            "tragen Sie das neue Datum in der Akte ein."
        )
        % {"days": days},
        "",
        *links,
        "",
        _(
            "Die Akten sind nur nach Anmeldung einsehbar; diese Nachricht enthält bewusst "
            "keine personenbezogenen Angaben."
        ),
    ]
    return "\n".join(lines)


@transaction.atomic
def send_entitlement_reminders(today: datetime.date | None = None, base_url: str = "") -> int:
    """E-mail a reminder for every open case whose entitlement expires within
    ``REMINDER_DAYS``: to the agency that registered the household, otherwise to the housing
    office. Each (household, expiry date) is reminded once. The mail holds only opaque case
    links (``base_url`` + the case's path). Returns the number of households reminded."""
    day = today or timezone.localdate()
    already = EntitlementReminder.objects.filter(
        household=OuterRef("pk"), valid_until=OuterRef("entitlement_valid_until")
    )
    due = expiring_entitlements(None, day).filter(~Exists(already)).select_for_update()
    links: dict[str, list[str]] = defaultdict(list)
    now, count = timezone.now(), 0
    for household in due:
        addresses = _reminder_addresses(household, day)
        if not addresses:
            continue  # nobody to tell: try again on the next run
        link = base_url.rstrip("/") + reverse("allocation:household", args=[household.public_id])
        for address in addresses:
            links[address].append(link)
        EntitlementReminder.objects.create(
            household=household, valid_until=household.entitlement_valid_until, sent_at=now,
            recipients=len(addresses),
        )  # fmt: skip
        count += 1
    subject = _("Wohnberechtigungsschein läuft bald ab")
    messages = [
        EmailMessage(
            subject, _reminder_text(rows, REMINDER_DAYS), settings.DEFAULT_FROM_EMAIL, [address]
        )
        for address, rows in sorted(links.items())
    ]
    if messages:
        # Inside the transaction: if sending fails, no reminder is recorded as sent.
        with get_connection() as connection:
            connection.send_messages(messages)
    return count


# --- cost coverage ------------------------------------------------------------------------------


@transaction.atomic
def request_cost_coverage(
    household: Household, user: User, agency: str, requested_on: datetime.date | None = None
) -> CostCoverageCase:
    """Open a cost-coverage case with the Jobcenter or Sozialamt."""
    Household.objects.select_for_update().get(pk=household.pk)
    if household.cost_coverage_cases.filter(status=CostCoverageStatus.REQUESTED).exists():
        raise ValidationError(_("Für diesen Haushalt ist bereits eine Kostenübernahme beantragt."))
    case = CostCoverageCase.objects.create(
        household=household, agency=agency, requested_on=requested_on or timezone.localdate()
    )
    CostCoverageStatusChange.objects.create(
        case=case, by=user, to_status=CostCoverageStatus.REQUESTED
    )
    return case


@transaction.atomic
def request_cost_coverage_exception(
    household: Household, vacancy: Vacancy, user: User, today: datetime.date | None = None
) -> CostCoverageCase:
    """One click on "Kostenübernahme-Ausnahme nötig": ask the benefit agency to cover the rent
    of an open flat that is above the household's approved cap (all other rules hold).

    Updates the household's open request to name this flat, else opens a new request with the
    agency of the approved case. The decision is then recorded with ``decide_cost_coverage``.
    """
    day = today or timezone.localdate()
    locked_vacancy = Vacancy.objects.select_for_update().select_related("flat").get(pk=vacancy.pk)
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked_vacancy.status not in (VacancyStatus.REPORTED, VacancyStatus.NOMINATED):
        raise ValidationError(_("Diese Wohnung ist nicht mehr frei."))
    if locked.status in CLOSED_STATUSES or locked.anonymised_at is not None:
        raise ValidationError(_("Der Fall ist abgeschlossen."))
    if not engine.needs_exception(locked, locked_vacancy, day):
        raise ValidationError(_("Für diese Wohnung ist keine Ausnahme nötig oder möglich."))
    rent = locked_vacancy.flat.rent_gross_eur
    note = _("Ausnahme für eine Wohnung über der Obergrenze")
    cases = CostCoverageCase.objects.select_for_update().filter(household=locked)
    case = cases.filter(status=CostCoverageStatus.REQUESTED).order_by("-requested_on").first()
    before = case.status if case is not None else ""
    if case is not None:
        if case.vacancy_id == locked_vacancy.pk:
            raise ValidationError(_("Die Ausnahme für diese Wohnung ist bereits beantragt."))
        case.vacancy, case.requested_rent_eur = locked_vacancy, rent
        case.save(update_fields=["vacancy", "requested_rent_eur"])
    else:
        approved = cases.filter(status=CostCoverageStatus.APPROVED).order_by("-decided_on").first()
        case = CostCoverageCase.objects.create(
            household=locked, agency=approved.agency, requested_on=day, vacancy=locked_vacancy,
            requested_rent_eur=rent,
        )  # fmt: skip
    CostCoverageStatusChange.objects.create(
        case=case, by=user, from_status=before, to_status=case.status, note=note
    )
    return case


@transaction.atomic
def decide_cost_coverage(
    case: CostCoverageCase, user: User, *, approved: bool, monthly_cap_eur: Decimal | None = None,
    valid_until: datetime.date | None = None, decided_on: datetime.date | None = None,
) -> CostCoverageCase:  # fmt: skip
    """Record the benefit agency's decision: approved (with monthly cap and expiry) or refused."""
    locked = CostCoverageCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != CostCoverageStatus.REQUESTED:
        raise ValidationError(_("Über diesen Antrag ist bereits entschieden."))
    day = decided_on or timezone.localdate()
    if approved and (not monthly_cap_eur or monthly_cap_eur <= 0 or not valid_until):
        raise ValidationError(_("Eine Bewilligung braucht eine Obergrenze und ein Ablaufdatum."))
    if approved and valid_until < day:
        raise ValidationError(_("Das Ablaufdatum liegt vor der Entscheidung."))
    to = CostCoverageStatus.APPROVED if approved else CostCoverageStatus.REFUSED
    fields = {"decided_on": day}
    if approved:
        fields |= {"monthly_cap_eur": monthly_cap_eur, "valid_until": valid_until}
    _set_status(locked, CostCoverageStatusChange, to, user, **fields)
    return locked


@transaction.atomic
def expire_cost_coverage(today: datetime.date | None = None) -> int:
    """Approved cases past their expiry become "abgelaufen"."""
    day = today or timezone.localdate()
    due = CostCoverageCase.objects.select_for_update().filter(
        status=CostCoverageStatus.APPROVED, valid_until__lt=day
    )
    count = 0
    for case in due:
        _set_status(case, CostCoverageStatusChange, CostCoverageStatus.EXPIRED, None)
        count += 1
    return count


# --- vacancies and nominations ------------------------------------------------------------------


@transaction.atomic
def report_vacancy(
    alliance: Alliance, user: User, landlord: Organisation, flat: Mapping[str, Any],
    available_from: datetime.date,
) -> Vacancy:  # fmt: skip
    """A landlord reports a vacant bound flat (``flat``: the fields of :class:`Flat`)."""
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
    VacancyStatusChange.objects.create(vacancy=vacancy, by=user, to_status=VacancyStatus.REPORTED)
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
        NominationStatusChange.objects.create(
            nomination=nomination, by=user, to_status=NominationStatus.OPEN
        )
        _household_status(household, HouseholdStatus.RESERVED, user, _("benannt"))
        created.append(nomination)
    vacancy.rounds, vacancy.deadline = round_, deadline
    vacancy.save(update_fields=["rounds", "deadline"])
    if vacancy.status != VacancyStatus.NOMINATED:
        _set_status(vacancy, VacancyStatusChange, VacancyStatus.NOMINATED, user)
    return created


def _release(nomination: Nomination, to: str, user: User | None, note: str = "") -> None:
    """End an open nomination without lease; the household's chances no longer rest."""
    _set_status(nomination, NominationStatusChange, to, user, note)
    household = Household.objects.select_for_update().get(pk=nomination.household_id)
    if household.status == HouseholdStatus.RESERVED:
        _household_status(household, HouseholdStatus.ACTIVE, user, _("Benennung beendet"))


@transaction.atomic
def record_landlord_decision(
    nomination: Nomination, user: User, *, accept: bool, reason: str = "", note: str = "",
    today: datetime.date | None = None,
) -> Nomination:  # fmt: skip
    """The landlord accepts one named household or declines one with a coded reason.

    Accepting lets the flat, marks the household "versorgt" and releases the other nominees.
    When the last open nomination is declined, the next households are named.
    """
    day = today or timezone.localdate()
    vacancy = Vacancy.objects.select_for_update().get(pk=nomination.vacancy_id)
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != NominationStatus.OPEN or vacancy.status != VacancyStatus.NOMINATED:
        raise ValidationError(_("Über diese Benennung ist bereits entschieden."))
    decided = {"decided_at": timezone.now(), "decided_by": user, "note": note[:300]}
    if accept:
        _set_status(locked, NominationStatusChange, NominationStatus.ACCEPTED, user, **decided)
        household = Household.objects.select_for_update().get(pk=locked.household_id)
        _household_status(household, HouseholdStatus.HOUSED, user, _("Mietvertrag"))
        others = vacancy.nominations.select_for_update().filter(status=NominationStatus.OPEN)
        for other in others:
            _release(other, NominationStatus.RELEASED, user)
        _set_status(vacancy, VacancyStatusChange, VacancyStatus.LET, user, let_on=day)
        return locked
    if reason not in DeclineReason.values:
        raise ValidationError(_("Bitte geben Sie einen Ablehnungsgrund an."))
    decided["reason"] = reason
    _set_status(locked, NominationStatusChange, NominationStatus.DECLINED, user, **decided)
    household = Household.objects.select_for_update().get(pk=locked.household_id)
    if household.status == HouseholdStatus.RESERVED:
        _household_status(household, HouseholdStatus.ACTIVE, user, _("Benennung abgelehnt"))
    if not vacancy.nominations.filter(status=NominationStatus.OPEN).exists():
        nominate_candidates(vacancy, user, day)
    return locked


def expire_overdue_nominations(today: datetime.date | None = None) -> int:
    """Open nominations past their deadline expire; vacancies left without an open nomination
    get the next households named. Returns the number of expired nominations."""
    day = today or timezone.localdate()
    due = Nomination.objects.filter(status=NominationStatus.OPEN, deadline__lt=day)
    count = 0
    for vacancy_id in sorted(set(due.values_list("vacancy_id", flat=True))):
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
            for nomination in vacancy.nominations.select_for_update().filter(
                status=NominationStatus.OPEN, deadline__lt=day
            ):
                _release(nomination, NominationStatus.EXPIRED, None, _("Frist abgelaufen"))
                count += 1
            still_open = vacancy.nominations.filter(status=NominationStatus.OPEN).exists()
            if vacancy.status == VacancyStatus.NOMINATED and not still_open:
                nominate_candidates(vacancy, None, day)
    return count


# --- retention ----------------------------------------------------------------------------------


def _anonymise(household: Household, now: datetime.datetime) -> None:
    household.name, household.contact, household.consent_text = _("anonymisiert"), "", ""
    household.income_eur = Decimal(0)
    household.registered_on = household.registered_on.replace(month=1, day=1)
    household.entitlement_valid_until = None
    household.anonymised_at = now
    household.save()
    household.criteria.update(evidence="")
    household.history.update(note="")


def apply_retention(now: datetime.datetime | None = None) -> int:
    """Anonymise closed cases (versorgt, abgemeldet) after the alliance's retention period.

    Kept: the pseudonymous reference, coarse group fields and the decisions, so that the
    aggregated non-discrimination audit still counts them. Returns the number anonymised.
    """
    moment = now or timezone.now()
    count = 0
    for alliance in Alliance.objects.all():
        months = settings_of(alliance).retention_months
        cutoff = moment - datetime.timedelta(days=round(months * 365.25 / 12))
        due = Household.objects.filter(
            alliance=alliance, status__in=CLOSED_STATUSES, status_changed_at__lt=cutoff,
            anonymised_at__isnull=True,
        )  # fmt: skip
        with transaction.atomic():
            for household in due.select_for_update():
                _anonymise(household, moment)
                count += 1
    return count
