"""A social agency registers its client only with the client's consent, given as an explicit
act: an unticked box beside the consent's wording, never ticked in advance (not even when the
form comes back with an error); who took it, when and its wording are stored on the household.
The housing office registers on its legal duty and is asked for no consent."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from wohnbuendnis.allocation.models import CONSENT_WORDING, Household

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
