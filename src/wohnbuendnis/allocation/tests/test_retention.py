"""Retention anonymises: after the run no special-category value is linked to a case
reference, the yearly statistics and the audit show the same figures, and the daily job is
scheduled once (test_retention_schedule.py)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.allocation import queries, services
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    CostCoverageCase,
    EntitlementReminder,
    Household,
    HouseholdCriterion,
    HouseholdStatusChange,
    HouseholdType,
    NationalityGroup,
    Nomination,
    NominationStatusChange,
    RetainedStatistic,
)

# Every field that held a personal or special-category value, and its value afterwards.
NEUTRAL = {
    "name": "anonymisiert", "contact": "", "consent_text": "", "consent_at": None,
    "persons": 1, "children": 0, "income_eur": 0, "entitlement_valid_until": None,
    "needs_step_free": False, "needs_wheelchair": False, "household_type": HouseholdType.OTHER,
    "nationality_group": NationalityGroup.UNKNOWN, "points": 0, "verified_at": None,
}  # fmt: skip


def _figures(alliance) -> tuple:
    tables = {
        dimension: [(t.landlord, [(c.label, c.decided, c.accepted) for c in t.cells]) for t in ts]
        for dimension, ts in queries.acceptance_tables(alliance).items()
    }
    return (
        tables,
        queries.yearly_closings(alliance),
        queries.time_to_lease(alliance),
        queries.declines_by_reason(alliance),
        queries.flats_lost_to_late_cost_coverage(alliance),
    )


@pytest.mark.parametrize("years_later", [2, 30])  # some of the closed cases, all of them
def test_after_retention_no_special_category_value_is_linked_to_a_case(city, years_later):
    now = timezone.now() + datetime.timedelta(days=round(years_later * 365.25))
    closed = Household.objects.filter(status__in=CLOSED_STATUSES, anonymised_at=None)
    references = set(closed.values_list("reference", flat=True))
    assert closed.exclude(nationality_group=NationalityGroup.UNKNOWN).exists()
    assert HouseholdCriterion.objects.filter(household__in=closed).exists()
    before = _figures(city)

    anonymised_count = services.apply_retention(now)

    anonymised = Household.objects.filter(anonymised_at__isnull=False)
    assert anonymised.count() == anonymised_count > 0
    # the file numbers are gone, not only the names
    assert not Household.objects.filter(reference__in=references & set(
        anonymised.values_list("reference", flat=True))).exists()  # fmt: skip
    assert all(ref.startswith("anonym-") for ref in anonymised.values_list("reference", flat=True))
    for name, neutral in NEUTRAL.items():
        assert set(anonymised.values_list(name, flat=True)) == {neutral}, name
    assert not HouseholdCriterion.objects.filter(household__in=anonymised).exists()
    assert not EntitlementReminder.objects.filter(household__in=anonymised).exists()
    nominations = Nomination.objects.filter(household__in=anonymised)
    assert set(nominations.values_list("points", flat=True)) <= {0}
    assert set(nominations.values_list("note", flat=True)) <= {""}
    assert set(
        NominationStatusChange.objects.filter(nomination__in=nominations).values_list(
            "note", flat=True
        )
    ) <= {""}
    assert set(
        HouseholdStatusChange.objects.filter(household__in=anonymised).values_list(
            "note", flat=True
        )
    ) <= {""}
    cases = CostCoverageCase.objects.filter(household__in=anonymised)
    assert set(cases.values_list("monthly_cap_eur", "requested_rent_eur")) <= {(None, None)}
    # what is kept names no case: no relation from the kept counts to a household
    assert not [f for f in RetainedStatistic._meta.get_fields() if f.related_model is Household]
    # the statistics and the audit show the same figures as before
    assert _figures(city) == before
    assert RetainedStatistic.objects.filter(alliance=city).exists()
    # a second run changes nothing
    assert services.apply_retention(now) == 0
    assert _figures(city) == before


def test_the_audit_page_shows_the_kept_yearly_figures(client, koordination, city):
    client.force_login(koordination)
    url = reverse("allocation:audit", args=[city.slug])
    before = client.get(url).context["years"]
    assert before and any(row["housed"] >= 5 for row in before)
    services.apply_retention(timezone.now() + datetime.timedelta(days=30 * 365))
    assert client.get(url).context["years"] == before
