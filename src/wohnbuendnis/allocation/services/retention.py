"""Retention: closed cases are anonymised after the alliance's retention period.

Anonymised, not pseudonymised: first the figures the yearly statistics and the audit need are
added to ``RetainedStatistic`` (counts by year and group, no case), then the case loses its
file number (a random ``anonym-…`` token replaces it) and every personal and special-category
value: name, contact, consent, income, household composition, WBS date, accessibility needs,
household type, nationality group, the priority-list criteria with their evidence, points,
reminders and every free-text note. What stays is a row without a person: its alliance, the
year of registration, the closing status and date and the coded decisions (for the counts
that are still computed from rows: time to lease, declines by reason, flats lost to late
cost coverage).
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import queries
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    CostCoverageCase,
    CostCoverageStatusChange,
    EntitlementReminder,
    Household,
    HouseholdCriterion,
    HouseholdStatusChange,
    HouseholdType,
    HousingPreference,
    NationalityGroup,
    Nomination,
    NominationStatusChange,
    PreviewEntry,
    RetainedStatistic,
    RetentionRun,
)
from wohnbuendnis.allocation.services.cost_coverage import expire_cost_coverage
from wohnbuendnis.allocation.services.landlord_decisions import expire_overdue_nominations
from wohnbuendnis.allocation.services.settings import settings_of
from wohnbuendnis.lib.site_language import in_site_language

ANONYMOUS_PREFIX = "anonym-"  # the reference of an anonymised case (no file number)


def _anonymous_reference() -> str:
    return ANONYMOUS_PREFIX + secrets.token_hex(6)  # 19 characters, random


def _strip(households: list[Household], now: datetime.datetime) -> None:
    """Remove from the cases everything that points at a person (see the module docstring)."""
    anonymised = in_site_language(gettext_noop("anonymisiert"))
    for household in households:
        household.reference = _anonymous_reference()
        household.public_id = uuid.uuid4()  # old links lead nowhere
        household.name, household.contact, household.consent_text = anonymised, "", ""
        household.consent_at = household.consent_by = household.verified_by = None
        household.persons, household.children = 1, 0  # neutral, not the household's
        household.income_eur = Decimal(0)
        household.registered_on = household.registered_on.replace(month=1, day=1)
        household.entitlement_valid_until = household.verified_at = None
        household.needs_step_free = household.needs_wheelchair = False
        household.household_type = HouseholdType.OTHER
        household.nationality_group = NationalityGroup.UNKNOWN
        household.points = 0
        household.anonymised_at = now
    Household.objects.bulk_update(
        households,
        ["reference", "public_id", "name", "contact", "consent_text", "consent_at", "consent_by",
         "persons", "children", "income_eur", "registered_on", "entitlement_valid_until",
         "verified_at", "verified_by", "needs_step_free", "needs_wheelchair", "household_type",
         "nationality_group", "points", "anonymised_at"],
    )  # fmt: skip
    rows = Household.objects.filter(pk__in=[h.pk for h in households])
    HouseholdCriterion.objects.filter(household__in=rows).delete()
    EntitlementReminder.objects.filter(household__in=rows).delete()
    HousingPreference.objects.filter(household__in=rows).delete()  # wishes: personal data
    PreviewEntry.objects.filter(Q(household__in=rows) | Q(proposed__in=rows)).exclude(
        swap_reason=""
    ).update(swap_reason=anonymised)  # the swap stays counted, its text may name people
    HouseholdStatusChange.objects.filter(household__in=rows).update(note="")
    Nomination.objects.filter(household__in=rows).update(points=0, note="")
    NominationStatusChange.objects.filter(nomination__household__in=rows).update(note="")
    CostCoverageCase.objects.filter(household__in=rows).update(
        monthly_cap_eur=None, requested_rent_eur=None, valid_until=None, decision_reason=""
    )
    CostCoverageStatusChange.objects.filter(case__household__in=rows).update(note="")


def _keep_statistics(alliance: Alliance, households: list[Household]) -> None:
    """Add the cases' figures to the kept counts (before they lose their group fields)."""
    rows = Household.objects.filter(pk__in=[h.pk for h in households])
    counts = queries.audit_counts(queries.decided_nominations(alliance, rows))
    counts += queries.closing_counts(rows)
    for (measure, year, landlord, dimension, group), value in counts.items():
        kept, _created = RetainedStatistic.objects.select_for_update().get_or_create(
            alliance=alliance, year=year, measure=measure, landlord=landlord,
            dimension=dimension, group=group,
        )  # fmt: skip
        RetainedStatistic.objects.filter(pk=kept.pk).update(value=F("value") + value)


def apply_retention(now: datetime.datetime | None = None) -> int:
    """Anonymise closed cases (versorgt, abgemeldet) after the alliance's retention period.

    Per alliance in one transaction: the figures are kept first, then the cases stripped, so
    that a failure leaves both as they were. Returns the number anonymised.
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
            households = list(due.select_for_update())
            if households:
                _keep_statistics(alliance, households)
                _strip(households, moment)
                count += len(households)
    return count


def run_daily_retention(today: datetime.date | None = None) -> RetentionRun | None:
    """The daily job: expire overdue nominations and cost-coverage approvals, then apply the
    retention periods. At most once a day (``RetentionRun.day`` is unique): a second call on
    the same day does nothing and returns None."""
    day = today or timezone.localdate()
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(day=day, started_at=timezone.now())
    except IntegrityError:
        return None
    run.expired_nominations = expire_overdue_nominations()
    run.expired_cost_coverage = expire_cost_coverage()
    run.anonymised = apply_retention()
    run.finished_at = timezone.now()
    run.save()
    return run
