"""Wrong values never reach the register: the forms refuse them with a German message at the
field and keep what was typed, and the services refuse them for every other entry point."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import Flat, Household

HOUSEHOLD = {
    "name": "Werte Prüfung", "contact": "", "persons": 2, "children": 1,
    "income_eur": Decimal(15000), "entitlement_valid_until": datetime.date(2030, 1, 1),
    "needs_step_free": False, "needs_wheelchair": False, "household_type": "alleinerziehend",
    "nationality_group": "eu",
}  # fmt: skip
FLAT = {
    "label": "Prüfweg 1", "rooms": Decimal(2), "area_m2": Decimal(55),
    "rent_gross_eur": Decimal(600), "step_free": True, "wheelchair": False, "funding_path": "1",
    "bound_until": datetime.date(2045, 12, 31),
}  # fmt: skip

WRONG_HOUSEHOLDS = [
    ({"income_eur": Decimal(-5000)}, "income_eur", "Jahreseinkommen"),
    ({"income_eur": Decimal("1E+9")}, "income_eur", "Jahreseinkommen"),
    ({"persons": 500, "children": 499}, "persons", "Personen"),
    ({"persons": 0, "children": 0}, "persons", "Personen"),
    ({"persons": 3, "children": 3}, "children", "erwachsen"),
    ({"entitlement_valid_until": datetime.date(9999, 1, 1)}, "entitlement_valid_until",
     "Wohnberechtigungsschein"),
]  # fmt: skip
WRONG_FLATS = [
    ({"area_m2": Decimal(-50)}, "area_m2", "Wohnfläche"),
    ({"area_m2": Decimal(5000)}, "area_m2", "Wohnfläche"),
    ({"rooms": Decimal(-2)}, "rooms", "Zimmer"),
    ({"rooms": Decimal(40)}, "rooms", "Zimmer"),
    ({"rooms": Decimal("2.3")}, "rooms", "halben Zimmern"),
    ({"rent_gross_eur": Decimal(-1)}, "rent_gross_eur", "Bruttowarmmiete"),
    ({"bound_until": datetime.date(9999, 12, 31)}, "bound_until", "Belegungsbindung"),
]  # fmt: skip


@pytest.mark.demo_parts("allocation")
@pytest.mark.parametrize(("change", "field", "message"), WRONG_HOUSEHOLDS)
def test_the_service_refuses_wrong_household_values(
    demo_alliance, wohnungsamt, change, field, message
):
    with pytest.raises(ValidationError) as refused:
        services.register_household(demo_alliance, wohnungsamt, {**HOUSEHOLD, **change})
    assert message in str(refused.value.message_dict[field])
    assert not Household.objects.filter(name="Werte Prüfung").exists()


@pytest.mark.demo_parts("allocation")
@pytest.mark.parametrize(("change", "field", "message"), WRONG_FLATS)
def test_the_service_refuses_wrong_flat_values(demo_alliance, vermieter, change, field, message):
    landlord = Organisation.objects.get(short_name="GWM")
    with pytest.raises(ValidationError) as refused:
        services.report_vacancy(
            demo_alliance, vermieter, landlord, {**FLAT, **change}, timezone.localdate()
        )
    assert message in str(refused.value.message_dict[field])
    assert not Flat.objects.filter(label="Prüfweg 1").exists()


@pytest.mark.demo_parts("allocation")
def test_half_rooms_and_the_bounds_themselves_are_accepted(demo_alliance, vermieter, wohnungsamt):
    landlord = Organisation.objects.get(short_name="GWM")
    flat = {**FLAT, "rooms": Decimal("2.5"), "area_m2": Decimal(10)}
    assert services.report_vacancy(demo_alliance, vermieter, landlord, flat, timezone.localdate())
    data = {**HOUSEHOLD, "persons": 20, "children": 19, "income_eur": Decimal(0)}
    assert services.register_household(demo_alliance, wohnungsamt, data).persons == 20


def _post(data: dict) -> dict:
    posted = {k: ("on" if v is True else "" if v is False else str(v)) for k, v in data.items()}
    return {k: v for k, v in posted.items() if v != ""} | {"submission_token": str(uuid.uuid4())}


@pytest.mark.demo_parts("allocation")
def test_the_household_form_shows_german_messages_at_the_fields_and_keeps_the_input(
    client, demo_alliance, wohnungsamt
):
    client.force_login(wohnungsamt)
    url = reverse("allocation:household_register", args=[demo_alliance.slug])
    page = client.post(
        url, _post({**HOUSEHOLD, "persons": 500, "children": 499, "income_eur": -5000})
    )
    assert page.status_code == 200
    form = page.context["form"]
    assert "Personen" in str(form.errors["persons"]) and "Jahreseinkommen" in str(
        form.errors["income_eur"]
    )
    text = page.content.decode()
    assert 'value="500"' in text and 'value="-5000"' in text and 'value="Werte Prüfung"' in text
    assert not Household.objects.filter(name="Werte Prüfung").exists()


@pytest.mark.demo_parts("allocation")
def test_the_vacancy_form_shows_german_messages_and_keeps_the_input(
    client, demo_alliance, vermieter
):
    client.force_login(vermieter)
    url = reverse("allocation:vacancy_report", args=[demo_alliance.slug])
    data = {**FLAT, "area_m2": -50, "rooms": -2, "available_from": datetime.date(9999, 1, 1)}
    page = client.post(url, _post(data))
    assert page.status_code == 200
    form = page.context["form"]
    assert "Wohnfläche" in str(form.errors["area_m2"]) and "Zimmer" in str(form.errors["rooms"])
    assert "Frei ab" in str(form.errors["available_from"])
    assert 'value="-50"' in page.content.decode()
    assert not Flat.objects.filter(label="Prüfweg 1").exists()
