"""Each role's start page says, in German, what that role can do here."""

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role

PERSONAS = list(Role.values)  # the demo logins are named after the roles


EXPECTED_SUMMARY = {
    "koordination": "Sie koordinieren das Bündnis",
    "fachamt": "Sie pflegen die Datengrundlage",
    "wohnungsamt": "Sie vermitteln gebundene Wohnungen",
    "vermieter": "Sie melden freie gebundene Wohnungen",
    "sozialtraeger": "Sie melden dringende Fälle",
    "politik": "Sie lesen Berichte",
    "mitglied": "Sie arbeiten in Gremien mit",
    "jobcenter": "die das Jobcenter fragen",
    "sozialamt": "die das Sozialamt fragen",
    "datenschutz": "Sie prüfen, wer welche Akte",
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_each_persona_sees_its_role_and_tasks(client, persona, demo_alliance):
    client.force_login(persona)
    html = client.get(reverse("start")).content.decode()
    assert EXPECTED_SUMMARY[persona.username] in html
    assert demo_alliance.name in html
    assert reverse("alliance:bodies", args=[demo_alliance.slug]) in html
    for other, text in EXPECTED_SUMMARY.items():
        if other != persona.username and other not in {"fachamt", "vermieter", "mitglied"}:
            assert text not in html or persona.username == "fachamt"


def test_the_coordinator_is_offered_people_and_organisations(client, koordination, demo_alliance):
    client.force_login(koordination)
    html = client.get(reverse("start")).content.decode()
    assert reverse("alliance:people", args=[demo_alliance.slug]) in html
    assert reverse("alliance:organisations", args=[demo_alliance.slug]) in html


def test_the_public_sees_the_landing_page_with_the_alliances(client, demo_alliance):
    html = client.get(reverse("start")).content.decode()
    assert "Gemeinsam für bezahlbares Wohnen" in html
    assert reverse("site:alliance", args=[demo_alliance.slug]) in html
    assert reverse("login") in html


def test_english_is_the_second_language(client, mitglied):
    client.force_login(mitglied)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("start")).content.decode()
    assert '<html lang="en">' in html
    assert "You work in bodies" in html


def test_the_demo_shows_its_banner_on_every_page(client, settings, demo_alliance):
    settings.DEMO = True
    for url in (reverse("start"), reverse("login"), reverse("areas:list")):
        assert "Demo-Daten" in client.get(url).content.decode()
    settings.DEMO = False
    assert "Demo-Daten" not in client.get(reverse("start")).content.decode()


def test_security_headers_are_set(client, demo_alliance):
    response = client.get(reverse("start"))
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
