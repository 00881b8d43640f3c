"""A create form sent twice (a double click, a reload, fifty identical requests at once) creates
one household / one vacancy / one priority-list version."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.urls import reverse

from wohnbuendnis.allocation.models import Flat, Household, PriorityScheme, Vacancy
from wohnbuendnis.lib.race_testing import post_at_once

HOUSEHOLD = {
    "name": "Doppelt Gesendet", "contact": "0561 1", "persons": "2", "children": "1",
    "income_eur": "15000", "entitlement_valid_until": "2030-01-01",
    "household_type": "alleinerziehend", "nationality_group": "eu", "evidence": "",
}  # fmt: skip
FLAT = {
    "label": "Doppelgasse 2, EG", "rooms": "2", "area_m2": "55", "rent_gross_eur": "600",
    "step_free": "on", "funding_path": "1", "bound_until": "2045-12-31",
    "available_from": "2026-05-01",
}  # fmt: skip


def _form(data: dict) -> dict:
    return {**data, "submission_token": str(uuid.uuid4())}


@pytest.mark.demo_parts("allocation")
def test_a_household_form_sent_twice_registers_one_household(client, demo_alliance, wohnungsamt):
    client.force_login(wohnungsamt)
    url = reverse("allocation:household_register", args=[demo_alliance.slug])
    data = _form(HOUSEHOLD)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert Household.objects.filter(name="Doppelt Gesendet").count() == 1
    household = Household.objects.get(name="Doppelt Gesendet")
    assert (
        first.url == second.redirect_chain[-1][0] == f"/vermittlung/haushalt/{household.public_id}/"
    )
    assert "bereits gesendet" in second.content.decode()
    client.post(url, _form(HOUSEHOLD))  # a new form is a new registration
    assert Household.objects.filter(name="Doppelt Gesendet").count() == 2


@pytest.mark.demo_parts("allocation")
def test_a_vacancy_and_a_priority_list_sent_twice_are_stored_once(
    client, demo_alliance, vermieter, koordination
):
    client.force_login(vermieter)
    url = reverse("allocation:vacancy_report", args=[demo_alliance.slug])
    data = _form(FLAT)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Flat.objects.filter(label="Doppelgasse 2, EG").count() == 1
    assert Vacancy.objects.filter(flat__label="Doppelgasse 2, EG").count() == 1

    client.force_login(koordination)
    url = reverse("allocation:scheme", args=[demo_alliance.slug])
    current = PriorityScheme.objects.filter(alliance=demo_alliance).get()
    data = _form({"decided_on": "2026-03-01", "decided_by": "Plenum", "toml": current.toml})
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert PriorityScheme.objects.filter(alliance=demo_alliance).count() == 2


@pytest.mark.demo_parts("allocation")
def test_a_refused_form_keeps_its_input_and_can_be_sent_again(client, demo_alliance, wohnungsamt):
    client.force_login(wohnungsamt)
    url = reverse("allocation:household_register", args=[demo_alliance.slug])
    data = _form({**HOUSEHOLD, "children": "2"})  # no adult: the service refuses
    refused = client.post(url, data)
    assert (
        refused.status_code == 200
        and Household.objects.filter(name="Doppelt Gesendet").count() == 0
    )
    assert data["submission_token"] in refused.content.decode()
    assert client.post(url, {**data, "children": "1"}).status_code == 302
    assert Household.objects.filter(name="Doppelt Gesendet").count() == 1


@pytest.mark.demo_parts("allocation")
def test_a_form_without_its_token_gets_a_fresh_one_and_a_message(
    client, demo_alliance, wohnungsamt
):
    client.force_login(wohnungsamt)
    url = reverse("allocation:household_register", args=[demo_alliance.slug])
    page = client.post(url, HOUSEHOLD)
    assert page.status_code == 200 and "abgelaufen" in page.content.decode()
    assert 'name="submission_token"' in page.content.decode()
    assert 'value="Doppelt Gesendet"' in page.content.decode()
    assert not Household.objects.filter(name="Doppelt Gesendet").exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_identical_posts_at_once_create_one_household_and_one_vacancy():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    from wohnbuendnis import demo
    from wohnbuendnis.accounts.models import User

    demo.generate(parts=("allocation",))
    office, landlord = (
        User.objects.get(username="wohnungsamt"),
        User.objects.get(username="vermieter"),
    )
    codes = post_at_once(
        office, reverse("allocation:household_register", args=["musterstadt"]), _form(HOUSEHOLD)
    )
    assert codes == [302] * 50
    assert Household.objects.filter(name="Doppelt Gesendet").count() == 1
    codes = post_at_once(
        landlord, reverse("allocation:vacancy_report", args=["musterstadt"]), _form(FLAT)
    )
    assert codes == [302] * 50
    assert Vacancy.objects.filter(flat__label="Doppelgasse 2, EG").count() == 1
    assert Flat.objects.filter(label="Doppelgasse 2, EG").count() == 1
