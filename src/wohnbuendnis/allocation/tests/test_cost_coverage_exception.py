"""Cost coverage before nomination: flats above the approved cap are shown as
"Kostenübernahme-Ausnahme nötig" with a one-click request; the audit counts flats lost because
the decision came too late."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.allocation import engine, queries, services
from wohnbuendnis.allocation.models import CostCoverageCase, CostCoverageStatus, VacancyStatus

DATA = {
    "name": "Erika Ausnahme", "contact": "", "persons": 2, "children": 1,
    "income_eur": Decimal(15000), "entitlement_valid_until": datetime.date(2030, 1, 1),
    "needs_step_free": False, "needs_wheelchair": False, "household_type": "alleinerziehend",
    "nationality_group": "eu",
}  # fmt: skip
FLAT = {
    "label": "Ausnahmeweg 1, EG", "rooms": Decimal(2), "area_m2": Decimal(55),
    "rent_gross_eur": Decimal(600), "step_free": True, "wheelchair": False, "funding_path": "1",
    "bound_until": datetime.date(2045, 12, 31),
}  # fmt: skip


def _vacancy(city, vermieter, rent=600):
    landlord = Organisation.objects.get(short_name="GWM")
    flat = FLAT | {"rent_gross_eur": Decimal(rent)}
    return services.report_vacancy(city, vermieter, landlord, flat, timezone.localdate())


@pytest.fixture
def capped(city, wohnungsamt):
    """A checked household whose Jobcenter covers up to 500 € a month."""
    household = services.register_household(city, wohnungsamt, DATA)
    services.verify_household(household, wohnungsamt, [], {})
    case = services.request_cost_coverage(household, wohnungsamt, "jobcenter")
    services.decide_cost_coverage(
        case, wohnungsamt, approved=True, monthly_cap_eur=Decimal(500),
        valid_until=datetime.date(2040, 1, 1),
    )  # fmt: skip
    return household


def test_a_flat_above_the_cap_needs_an_exception_and_one_click_requests_it(
    client, city, capped, vermieter, wohnungsamt
):
    above, below = _vacancy(city, vermieter, 600), _vacancy(city, vermieter, 480)
    today = timezone.localdate()
    found = engine.exception_vacancies(capped, today)
    assert above in found and below not in found
    url = reverse("allocation:household", args=[capped.public_id])
    client.force_login(wohnungsamt)
    page = client.get(url).content.decode()
    assert "Kostenübernahme-Ausnahme nötig" in page and "Ausnahme beantragen" in page
    request = reverse(
        "allocation:cost_coverage_exception", args=[capped.public_id, above.public_id]
    )
    assert client.post(request).status_code == 302
    case = CostCoverageCase.objects.get(household=capped, status=CostCoverageStatus.REQUESTED)
    assert case.vacancy == above and case.requested_rent_eur == Decimal(600)
    assert case.agency == "jobcenter"
    assert case.history.last().note.startswith("Ausnahme")
    assert "Ausnahme beantragt" in client.get(url).content.decode()
    client.post(request)  # a second click changes nothing
    assert CostCoverageCase.objects.filter(household=capped).count() == 2
    with pytest.raises(ValidationError):
        services.request_cost_coverage_exception(capped, below, wohnungsamt)  # under the cap


def test_an_open_request_is_updated_and_an_approved_exception_makes_the_flat_eligible(
    city, capped, vermieter, wohnungsamt
):
    first, second = _vacancy(city, vermieter, 600), _vacancy(city, vermieter, 620)
    case = services.request_cost_coverage_exception(capped, first, wohnungsamt)
    again = services.request_cost_coverage_exception(capped, second, wohnungsamt)
    assert again.pk == case.pk and again.vacancy == second
    assert again.requested_rent_eur == Decimal(620)
    notes = list(again.history.values_list("from_status", "note"))
    assert [before for before, _note in notes] == ["", "beantragt"]  # opened, then updated
    assert all(note.startswith("Ausnahme") for _before, note in notes)
    services.decide_cost_coverage(
        again, wohnungsamt, approved=True, monthly_cap_eur=Decimal(650),
        valid_until=datetime.date(2040, 1, 1),
    )  # fmt: skip
    assert engine.exception_vacancies(capped, timezone.localdate()) == []


def test_others_may_not_request_an_exception(client, city, capped, vermieter):
    vacancy = _vacancy(city, vermieter)
    client.force_login(vermieter)
    url = reverse("allocation:cost_coverage_exception", args=[capped.public_id, vacancy.public_id])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code in (403, 405)
    assert not CostCoverageCase.objects.filter(vacancy=vacancy).exists()


def test_the_audit_counts_flats_lost_because_the_decision_came_too_late(
    client, city, capped, vermieter, wohnungsamt
):
    today = timezone.localdate()
    before = _lost(city)
    late = _vacancy(city, vermieter)
    case = services.request_cost_coverage_exception(capped, late, wohnungsamt)
    named = services.nominate_candidates(late, wohnungsamt, today)
    assert capped.pk not in {n.household_id for n in named}
    services.record_landlord_decision(named[0], vermieter, accept=True, today=today)
    services.decide_cost_coverage(
        case, wohnungsamt, approved=True, monthly_cap_eur=Decimal(650),
        valid_until=datetime.date(2040, 1, 1), decided_on=today + datetime.timedelta(days=3),
    )  # fmt: skip
    in_time = _vacancy(city, vermieter, 700)
    case = services.request_cost_coverage_exception(capped, in_time, wohnungsamt)
    services.decide_cost_coverage(case, wohnungsamt, approved=False, decided_on=today)
    named = services.nominate_candidates(in_time, wohnungsamt, today)
    services.record_landlord_decision(named[0], vermieter, accept=True, today=today)
    assert late.__class__.objects.get(pk=in_time.pk).status == VacancyStatus.LET

    after = _lost(city)
    assert after[f"{today:%Y-%m}"] == before.get(f"{today:%Y-%m}", 0) + 1
    assert after[""] == before[""] + 1  # the total
    assert sum(after.values()) == 2 * after[""]
    client.force_login(wohnungsamt)
    page = client.get(reverse("allocation:audit", args=[city.slug])).content.decode()
    assert "Wohnungen verloren wegen verspäteter Kostenübernahme" in page


def _lost(city) -> dict[str, int]:
    return {r["month"]: r["count"] for r in queries.flats_lost_to_late_cost_coverage(city)}


def test_the_demo_has_flats_lost_to_late_decisions_and_small_months_are_suppressed(city):
    rows = queries.flats_lost_to_late_cost_coverage(city)
    assert rows[-1]["month"] == "" and rows[-1]["count"] >= 50
    assert any(r["suppressed"] for r in rows) or all(r["count"] >= 5 for r in rows)
    assert all(r["suppressed"] == (0 < r["count"] < 5) for r in rows)
