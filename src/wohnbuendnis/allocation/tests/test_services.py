"""Services of the allocation: register, verify, nominate, decide, expire, cost coverage,
retention, priority-list versions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.allocation import engine, services
from wohnbuendnis.allocation.models import (
    CostCoverageStatus,
    Household,
    HouseholdStatus,
    NominationStatus,
    Vacancy,
    VacancyStatus,
)

DATA = {
    "name": "Erika Beispiel", "contact": "0561 123456", "persons": 2, "children": 1,
    "income_eur": Decimal(15000), "entitlement_valid_until": datetime.date(2030, 1, 1),
    "needs_step_free": False, "needs_wheelchair": False, "household_type": "alleinerziehend",
    "nationality_group": "eu",
}  # fmt: skip
FLAT = {
    "label": "Teststraße 1, EG", "rooms": Decimal(2), "area_m2": Decimal(55),
    "rent_gross_eur": Decimal(600), "step_free": True, "wheelchair": False, "funding_path": "1",
    "bound_until": datetime.date(2045, 12, 31),
}  # fmt: skip


def _diakonie():
    return Organisation.objects.get(short_name="Diakonie")


def _gwm():
    return Organisation.objects.get(short_name="GWM")


def _vacancy(city, vermieter) -> Vacancy:
    return services.report_vacancy(city, vermieter, _gwm(), FLAT, timezone.localdate())


def test_an_agency_registers_only_with_consent_and_points_count_after_the_check(
    city, sozialtraeger, wohnungsamt
):
    claimed = {"homeless": "Bescheinigung", "single_parent": "Geburtsurkunde"}
    with pytest.raises(ValidationError):
        services.register_household(city, sozialtraeger, DATA, criteria=claimed, agency=_diakonie())
    household = services.register_household(
        city, sozialtraeger, DATA, criteria=claimed, agency=_diakonie(), consent_text="Ja."
    )
    assert household.consent_by == sozialtraeger and household.consent_at is not None
    assert household.points == 0 and household.status == HouseholdStatus.ACTIVE
    assert household.history.get().to_status == HouseholdStatus.ACTIVE
    checked = services.verify_household(household, wohnungsamt, ["homeless"], {"homeless": "ok"})
    assert checked.points == 60  # single_parent was not confirmed
    # the evidence the agency entered stays; the office's check is kept beside it (issue 12.7)
    rows = {c.criterion: c for c in checked.criteria.all()}
    assert (rows["homeless"].evidence, rows["homeless"].checked_evidence) == ("Bescheinigung", "ok")
    assert rows["homeless"].confirmed and rows["homeless"].checked_by == wohnungsamt
    assert rows["single_parent"].evidence == "Geburtsurkunde"  # kept, not confirmed
    assert not rows["single_parent"].confirmed and rows["single_parent"].checked_at
    again = services.verify_household(household, wohnungsamt, ["single_parent"], {})
    assert again.points == 10 and again.criteria.get(criterion="homeless").evidence
    assert checked.reference == f"W-{checked.pk:07d}"


def test_unknown_criteria_are_refused(city, wohnungsamt):
    with pytest.raises(ValidationError):
        services.register_household(city, wohnungsamt, DATA, criteria={"vip": ""})


def test_nominate_names_three_eligible_households_whose_chances_rest(city, vermieter, wohnungsamt):
    vacancy = _vacancy(city, vermieter)
    named = services.nominate_candidates(vacancy, wohnungsamt)
    assert [n.rank for n in named] == [1, 2, 3]
    assert {n.scheme.version for n in named} == {1}
    scheme = engine.scheme_on(named[0].scheme, timezone.localdate())
    for nomination in named:
        household = Household.objects.get(pk=nomination.household_id)
        assert household.status == HouseholdStatus.RESERVED
        assert household.history.last().to_status == HouseholdStatus.RESERVED
        row = engine.to_household(household, engine.checked_criteria([household.pk]).get(
            household.pk, frozenset()), engine.rent_caps([household.pk], timezone.localdate()).get(
            household.pk))  # fmt: skip
        from wohnbuendnis.analytics.allocation import is_eligible

        assert is_eligible(row, engine.to_flat(vacancy.flat, vacancy.available_from, "f"), scheme)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.NOMINATED
    with pytest.raises(ValidationError):
        services.nominate_candidates(vacancy, wohnungsamt)  # decisions are still open


def test_when_all_decline_the_next_households_are_named(city, vermieter, wohnungsamt):
    vacancy = _vacancy(city, vermieter)
    first = services.nominate_candidates(vacancy, wohnungsamt)
    services.record_landlord_decision(first[0], vermieter, accept=False, reason="v_unterlagen")
    assert Household.objects.get(pk=first[0].household_id).status == HouseholdStatus.ACTIVE
    with pytest.raises(ValidationError):
        services.record_landlord_decision(first[1], vermieter, accept=False)  # no reason
    for nomination in first[1:]:
        services.record_landlord_decision(
            nomination, vermieter, accept=False, reason="a_anderweitig"
        )
    second = list(vacancy.nominations.filter(round=2))
    assert len(second) == 3
    assert not {n.household_id for n in second} & {n.household_id for n in first}
    assert all(n.status == NominationStatus.OPEN for n in second)


def test_accepting_one_lets_the_flat_and_releases_the_others(city, vermieter, wohnungsamt):
    vacancy = _vacancy(city, vermieter)
    first, second, third = services.nominate_candidates(vacancy, wohnungsamt)
    services.record_landlord_decision(first, vermieter, accept=False, reason="v_belegung")
    services.record_landlord_decision(second, vermieter, accept=True)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.LET and vacancy.let_on == timezone.localdate()
    assert Household.objects.get(pk=second.household_id).status == HouseholdStatus.HOUSED
    third.refresh_from_db()
    assert third.status == NominationStatus.RELEASED
    assert Household.objects.get(pk=third.household_id).status == HouseholdStatus.ACTIVE
    assert [h.to_status for h in third.history.all()] == ["offen", "freigegeben"]
    with pytest.raises(ValidationError):
        services.record_landlord_decision(third, vermieter, accept=True)


def test_overdue_nominations_expire_and_the_next_are_named(city, vermieter, wohnungsamt):
    vacancy = _vacancy(city, vermieter)
    named = services.nominate_candidates(vacancy, wohnungsamt)
    later = named[0].deadline + datetime.timedelta(days=1)
    assert services.expire_overdue_nominations(named[0].deadline) == 0
    expired = services.expire_overdue_nominations(later)
    assert expired >= 3  # the demo's own open nominations may expire too
    for nomination in named:
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.EXPIRED
    assert vacancy.nominations.filter(round=2, status=NominationStatus.OPEN).count() == 3


def test_cost_coverage_flow_and_its_cap_in_the_eligibility(city, wohnungsamt, sozialtraeger):
    household = services.register_household(city, wohnungsamt, DATA)
    case = services.request_cost_coverage(household, sozialtraeger, "jobcenter")
    with pytest.raises(ValidationError):
        services.request_cost_coverage(household, sozialtraeger, "sozialamt")
    with pytest.raises(ValidationError):
        services.decide_cost_coverage(case, wohnungsamt, approved=True)  # no cap, no expiry
    today = timezone.localdate()
    case = services.decide_cost_coverage(
        case, wohnungsamt, approved=True, monthly_cap_eur=Decimal(550),
        valid_until=today + datetime.timedelta(days=30),
    )  # fmt: skip
    assert case.status == CostCoverageStatus.APPROVED
    assert engine.rent_caps([household.pk], today) == {household.pk: Decimal(550)}
    assert services.expire_cost_coverage(today + datetime.timedelta(days=31)) >= 1
    case.refresh_from_db()
    assert case.status == CostCoverageStatus.EXPIRED
    assert [h.to_status for h in case.history.all()] == ["beantragt", "bewilligt", "abgelaufen"]
    refused = services.request_cost_coverage(household, wohnungsamt, "sozialamt")
    refused = services.decide_cost_coverage(refused, wohnungsamt, approved=False)
    assert refused.status == CostCoverageStatus.REFUSED


def test_status_changes_by_hand_write_history(city, wohnungsamt):
    household = services.register_household(city, wohnungsamt, DATA)
    with pytest.raises(ValidationError):
        services.set_household_status(household, wohnungsamt, HouseholdStatus.RESERVED)
    services.set_household_status(household, wohnungsamt, HouseholdStatus.DORMANT, "im Ausland")
    assert household.history.last().note == "im Ausland"
    with pytest.raises(ValidationError):
        services.set_household_status(household, wohnungsamt, HouseholdStatus.DORMANT)


def test_retention_anonymises_closed_cases_only_after_the_period(city, wohnungsamt):
    household = services.register_household(city, wohnungsamt, DATA)
    services.set_household_status(household, wohnungsamt, HouseholdStatus.DEREGISTERED)
    assert services.apply_retention() == 0 or Household.objects.get(pk=household.pk).name
    household.refresh_from_db()
    assert household.name == "Erika Beispiel"
    later = timezone.now() + datetime.timedelta(days=2 * 365 + 30)
    assert services.apply_retention(later) >= 1
    household.refresh_from_db()
    assert household.anonymised_at is not None
    assert household.name == "anonymisiert" and household.contact == ""
    assert household.income_eur == 0 and household.registered_on.day == 1


def test_priority_list_versions_are_validated_and_recompute_points(city, koordination):
    current = engine.current_scheme(city)
    too_few = current.toml.replace("nominees_per_flat = 3", "nominees_per_flat = 2")
    with pytest.raises(ValidationError, match="nominees_per_flat"):
        services.create_scheme_version(
            city, koordination, toml=too_few,
            decided_on=datetime.date(2026, 3, 1), decided_by="Plenum",
        )  # fmt: skip
    doubled = current.toml.replace("homeless = 60", "homeless = 100")
    version = services.create_scheme_version(
        city, koordination, toml=doubled, decided_on=datetime.date(2026, 3, 1), decided_by="Plenum"
    )
    assert version.version == 2 and version.sha256 != current.sha256
    homeless = Household.objects.filter(
        criteria__criterion="homeless", criteria__checked_at__isnull=False, status="aktiv"
    ).first()
    assert homeless.points >= 100


def test_the_check_form_keeps_its_input_and_the_page_shows_both_evidences(
    client, city, sozialtraeger, wohnungsamt
):
    from django.urls import reverse

    claimed = {"homeless": "Bescheinigung der Fachstelle"}
    household = services.register_household(
        city, sozialtraeger, DATA, criteria=claimed, agency=_diakonie(), consent_text="Ja."
    )
    client.force_login(wohnungsamt)
    url = reverse("allocation:household_verify", args=[household.public_id])
    response = client.post(url, {"confirmed": ["homeless"], "evidence": "x" * 301})
    assert response.status_code == 200  # refused: the page comes back with what was typed
    assert "x" * 301 in response.text and "Bescheinigung der Fachstelle" in response.text
    client.post(url, {"confirmed": ["homeless"], "evidence": "Bescheid vom 3.2. gesehen"})
    html = client.get(reverse("allocation:household", args=[household.public_id])).text
    assert "Bescheinigung der Fachstelle" in html and "Bescheid vom 3.2. gesehen" in html
    # the criterion by its German name, never its key
    assert "<li>wohnungslos – " in html and "<li>homeless" not in html
