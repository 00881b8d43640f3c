"""A social agency registers its client only with the client's consent, given as an explicit
act: an unticked box beside the consent's wording, never ticked in advance (not even when the
form comes back with an error); who took it, when and its wording are stored on the household.
The housing office registers on its legal duty and is asked for no consent."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import CONSENT_WORDING, Household, HouseholdStatus

HOUSEHOLD = {
    "name": "Einwilligung Prüfung", "contact": "0561 2", "persons": "2", "children": "1",
    "income_eur": "15000", "entitlement_valid_until": "2030-01-01",
    "household_type": "alleinerziehend", "nationality_group": "eu", "evidence": "",
}  # fmt: skip

pytestmark = pytest.mark.demo_parts("allocation")


def _post(client, slug: str, **changes):
    url = reverse("allocation:household_register", args=[slug])
    data = {**HOUSEHOLD, **changes, "submission_token": str(uuid.uuid4())}
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def _consent_box(html: str) -> str:
    found = re.findall(r'<input[^>]*name="consent"[^>]*>', html)
    assert len(found) == 1, found
    return found[0]


def test_the_agency_form_shows_the_wording_beside_an_unticked_box(
    client, demo_alliance, sozialtraeger
):
    client.force_login(sozialtraeger)
    page = client.get(reverse("allocation:household_register", args=[demo_alliance.slug]))
    html = page.content.decode()
    box = _consent_box(html)
    assert 'type="checkbox"' in box and "checked" not in box
    assert str(CONSENT_WORDING) in html
    assert "<textarea" not in html  # no pre-written consent text to send unread


def test_without_the_tick_the_agency_cannot_register_and_nothing_is_written(
    client, demo_alliance, sozialtraeger
):
    client.force_login(sozialtraeger)
    before = Household.objects.count()
    page = _post(client, demo_alliance.slug)
    assert page.status_code == 200
    assert "Ohne die Einwilligung" in str(page.context["form"].errors["consent"])
    assert Household.objects.count() == before
    # a hand-made request with any other value than a tick is refused as well
    page = _post(client, demo_alliance.slug, consent="")
    assert "consent" in page.context["form"].errors and Household.objects.count() == before


def test_with_the_tick_who_when_and_the_wording_are_stored(client, demo_alliance, sozialtraeger):
    client.force_login(sozialtraeger)
    page = _post(client, demo_alliance.slug, consent="on")
    assert page.status_code == 302
    household = Household.objects.get(name="Einwilligung Prüfung")
    assert household.consent_by == sozialtraeger and household.consent_at is not None
    assert household.consent_text == str(CONSENT_WORDING)
    assert household.agency is not None


def test_after_another_error_the_input_is_kept_but_the_tick_must_be_set_again(
    client, demo_alliance, sozialtraeger
):
    client.force_login(sozialtraeger)
    page = _post(client, demo_alliance.slug, consent="on", persons="500")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Einwilligung Prüfung"' in html and 'value="500"' in html  # input kept
    assert "checked" not in _consent_box(html)  # the tick is not
    assert "erneut" in str(page.context["form"].errors["consent"])
    assert not Household.objects.filter(name="Einwilligung Prüfung").exists()


def test_the_housing_office_registers_without_a_consent_box(client, demo_alliance, wohnungsamt):
    client.force_login(wohnungsamt)
    page = client.get(reverse("allocation:household_register", args=[demo_alliance.slug]))
    assert 'name="consent"' not in page.content.decode()
    assert _post(client, demo_alliance.slug).status_code == 302
    household = Household.objects.get(name="Einwilligung Prüfung")
    assert household.agency is None and household.consent_text == ""
    assert household.consent_at is None and household.consent_by is None


def _agency_client(client, slug: str) -> Household:
    assert _post(client, slug, consent="on").status_code == 302
    return Household.objects.get(name="Einwilligung Prüfung")


def test_the_agency_enters_a_withdrawal_the_case_is_deregistered_and_out_of_its_reach(
    client, demo_alliance, sozialtraeger, wohnungsamt
):
    client.force_login(sozialtraeger)
    household = _agency_client(client, demo_alliance.slug)
    page = reverse("allocation:household", args=[household.public_id])
    assert "Widerruf eintragen" in client.get(page).content.decode()
    url = reverse("allocation:household_withdraw_consent", args=[household.public_id])
    response = client.post(url)
    assert response.url == reverse("allocation:households", args=[demo_alliance.slug])
    household.refresh_from_db()
    assert household.status == HouseholdStatus.DEREGISTERED and household.agency is None
    row = household.history.order_by("-pk").first()
    assert row.to_status == HouseholdStatus.DEREGISTERED and row.by == sozialtraeger
    assert "Einwilligung widerrufen" in row.note
    # proof of the consent given before stays; the agency no longer sees or exports the case
    assert household.consent_at is not None and household.consent_by == sozialtraeger
    assert client.get(page).status_code == 403
    export = reverse("allocation:household_export", args=[household.public_id])
    assert client.get(export).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(wohnungsamt)  # the housing office still sees the closed case
    assert client.get(page).status_code == 200


def test_the_housing_office_can_enter_it_other_roles_cannot(
    client, demo_alliance, sozialtraeger, wohnungsamt, vermieter
):
    client.force_login(sozialtraeger)
    household = _agency_client(client, demo_alliance.slug)
    url = reverse("allocation:household_withdraw_consent", args=[household.public_id])
    client.force_login(vermieter)
    assert client.post(url).status_code == 403
    household.refresh_from_db()
    assert household.status == HouseholdStatus.ACTIVE and household.agency is not None
    client.force_login(wohnungsamt)
    assert client.post(url).status_code == 302
    household.refresh_from_db()
    assert household.status == HouseholdStatus.DEREGISTERED and household.agency is None
    assert household.history.order_by("-pk").first().by == wohnungsamt


def test_a_household_without_an_agencys_consent_has_no_withdrawal(
    client, demo_alliance, wohnungsamt
):
    client.force_login(wohnungsamt)
    _post(client, demo_alliance.slug)
    household = Household.objects.get(name="Einwilligung Prüfung")
    page = client.get(reverse("allocation:household", args=[household.public_id]))
    assert "Widerruf eintragen" not in page.content.decode()
    with pytest.raises(ValidationError):
        services.withdraw_consent(household, wohnungsamt)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.ACTIVE


def test_a_nominated_household_waits_for_the_landlords_decision(demo_alliance, wohnungsamt):
    named = Household.objects.filter(
        alliance=demo_alliance, status=HouseholdStatus.RESERVED, consent_at__isnull=False
    ).exclude(agency=None)
    household = named.first()
    assert household is not None
    with pytest.raises(ValidationError):
        services.withdraw_consent(household, wohnungsamt)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.RESERVED and household.agency is not None
