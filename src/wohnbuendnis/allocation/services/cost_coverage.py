"""Cost-coverage cases with the Jobcenter or Sozialamt: request, exception for one flat,
decision and expiry."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import User
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    CostCoverageCase,
    CostCoverageStatus,
    Household,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.allocation.services import cost_coverage_deadlines as deadlines
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language

# --- cost coverage ------------------------------------------------------------------------------


@transaction.atomic
def request_cost_coverage(
    household: Household, user: User, agency: str, requested_on: datetime.date | None = None
) -> CostCoverageCase:
    """Open a cost-coverage case with the Jobcenter or Sozialamt."""
    Household.objects.select_for_update().get(pk=household.pk)
    if household.cost_coverage_cases.filter(status=CostCoverageStatus.REQUESTED).exists():
        raise ValidationError(_("Für diesen Haushalt ist bereits eine Kostenübernahme beantragt."))
    day = requested_on or timezone.localdate()
    case = CostCoverageCase.objects.create(household=household, agency=agency, requested_on=day)
    record_status(case, user, new=True)
    nomination = deadlines.open_nomination_of(case)
    if nomination is not None:  # named for a flat: decide before the landlord's deadline
        deadlines.tie_to_nomination(case, nomination, user, max(day, timezone.localdate()))
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
    note = in_site_language(gettext_noop("Ausnahme für eine Wohnung über der Obergrenze"))
    cases = CostCoverageCase.objects.select_for_update().filter(household=locked)
    case = cases.filter(status=CostCoverageStatus.REQUESTED).order_by("-requested_on").first()
    if case is not None:
        if case.vacancy_id == locked_vacancy.pk:
            raise ValidationError(_("Die Ausnahme für diese Wohnung ist bereits beantragt."))
        case.vacancy, case.requested_rent_eur = locked_vacancy, rent
        case.save(update_fields=["vacancy", "requested_rent_eur"])
        record_status(case, user, note)
    else:
        approved = cases.filter(status=CostCoverageStatus.APPROVED).order_by("-decided_on").first()
        case = CostCoverageCase.objects.create(
            household=locked, agency=approved.agency, requested_on=day, vacancy=locked_vacancy,
            requested_rent_eur=rent,
        )  # fmt: skip
        record_status(case, user, note, new=True)
    nomination = deadlines.open_nomination_of(case)
    if nomination is not None:
        deadlines.tie_to_nomination(case, nomination, user, day, note=False)
    return case


@transaction.atomic
def decide_cost_coverage(
    case: CostCoverageCase, user: User, *, approved: bool, monthly_cap_eur: Decimal | None = None,
    valid_until: datetime.date | None = None, decided_on: datetime.date | None = None,
    reason: str = "",
) -> CostCoverageCase:  # fmt: skip
    """Record the benefit agency's decision: approved (with monthly cap and expiry) or refused,
    with its date and reason; the office decides itself, or others record its letter."""
    locked = CostCoverageCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != CostCoverageStatus.REQUESTED:
        raise ValidationError(_("Über diesen Antrag ist bereits entschieden."))
    day = decided_on or timezone.localdate()
    if approved and (not monthly_cap_eur or monthly_cap_eur <= 0 or not valid_until):
        raise ValidationError(_("Eine Bewilligung braucht eine Obergrenze und ein Ablaufdatum."))
    if approved and valid_until < day:
        raise ValidationError(_("Das Ablaufdatum liegt vor der Entscheidung."))
    to = CostCoverageStatus.APPROVED if approved else CostCoverageStatus.REFUSED
    fields = {"decided_on": day, "decided_by": user, "decision_reason": reason.strip()}
    if approved:
        fields |= {"monthly_cap_eur": monthly_cap_eur, "valid_until": valid_until}
    change_status(locked, to, user, **fields)
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
        change_status(case, CostCoverageStatus.EXPIRED, None)
        count += 1
    return count
