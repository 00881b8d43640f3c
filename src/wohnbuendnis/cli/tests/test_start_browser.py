"""Acceptance (issue 12.1–12.2): a real city starts from an EMPTY database, without the demo.

``wohnbuendnis init`` for Kassel → the coordinator follows the one-time link, sets a password,
signs in, uploads the districts, admits six organisations of three sectors, creates the Plenum,
AG 1–5 with Kassel's names and the Steuerungsgruppe, and invites a member (the e-mail is
captured). Every new page passes axe-core (no serious or critical violation).
"""

from __future__ import annotations

import contextlib
import io
import threading

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "Kassel wohnt bezahlbar 2025"
DISTRICTS = "key;name;parent\n01;Mitte;\n02;Südstadt;\n03;Vorderer Westen;\n04;Wehlheiden;\n"
DISTRICTS += "14;Wesertor;\n16;Bettenhausen;\n"
ORGANISATIONS = [
    ("GWG der Stadt Kassel", "Wohnungswirtschaft"),
    ("Vereinigte Wohnstätten 1889 eG", "Wohnungswirtschaft"),
    ("Diakonie Hessen", "Sozialwirtschaft"),
    ("Caritasverband Nordhessen-Kassel", "Sozialwirtschaft"),
    ("Mieterbund Nordhessen", "Interessengruppe"),
    ("Haus & Grund Kassel", "Interessengruppe"),
]
BODIES = [  # ../shared/seeds/000_*: Plenum, five working groups, Steuerungsgruppe
    ("Plenum", "", "Plenum"),
    ("Innenentwicklung", "AG 1", "Arbeitsgruppe"),
    ("Wohnkosten", "AG 2", "Arbeitsgruppe"),
    ("Zugang zu Wohnraum/Diskriminierungsfreiheit", "AG 3", "Arbeitsgruppe"),
    ("Kooperative Wohnungsvermittlung", "AG 4", "Arbeitsgruppe"),
    ("Umbau des Wohnungsbestandes", "AG 5", "Arbeitsgruppe"),
    ("Steuerungsgruppe", "", "Steuerungsgruppe"),
]


def _in_thread(work):
    """ORM work beside Playwright's event loop runs in a thread that closes its connection."""
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def _init(base_url: str) -> str:
    from wohnbuendnis.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([
            "init", "--alliance-name", "Kasseler Bündnis für bezahlbares Wohnen",
            "--slug", "kassel", "--kind", "city", "--ags", "06611000", "--area-name", "Kassel",
            "--email", "lukas.kiepe@kassel.example", "--base-url", base_url,
        ])  # fmt: skip
    assert code == 0, out.getvalue()
    return next(line for line in out.getvalue().splitlines() if line.startswith(base_url))


@pytest.fixture
def empty_page(browser, live_server, settings, transactional_db, _no_stray_connections, tmp_path):
    """A browser tab on the live server with an empty database (no demo data)."""
    settings.MEDIA_ROOT = tmp_path
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )  # fmt: skip
    yield context.new_page(), live_server.url
    context.close()


def _accessible(page, name: str | None = None) -> None:
    assert axe_violations(page) == [], page.url
    if name:
        screenshot(page, name)


def _set_password_and_sign_in(page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Neues Passwort setzen")).to_be_visible()
    _accessible(page)
    page.get_by_label("Neues Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Neues Passwort bestätigen").fill(PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    sign_in(page, "lukas.kiepe", PASSWORD)


def _upload_districts(page, tmp_path) -> None:
    page.goto("/buendnisse/kassel/gremien/")
    page.get_by_role("link", name="Gebiet und Stadtteile").click()
    page.get_by_role("link", name="Stadtteile und Quartiere hochladen").click()
    _accessible(page, "areas-upload")
    districts = tmp_path / "kassel-stadtteile.csv"
    districts.write_bytes(DISTRICTS.encode("cp1252"))  # as Excel saves it
    page.get_by_label("Datei mit Stadtteilen und Quartieren").set_input_files(str(districts))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.get_by_text("6 Gebiete neu, 0 geändert, 0 unverändert.")).to_be_visible()
    _accessible(page, "areas-preview")
    page.get_by_role("button", name="Gebiete speichern").click()
    expect(page.get_by_text("6 Gebiete angelegt, 0 geändert.")).to_be_visible()
    expect(page.get_by_role("link", name="Vorderer Westen")).to_be_visible()


def _admit_organisations(page) -> None:
    for number, (name, sector) in enumerate(ORGANISATIONS):
        page.goto("/buendnisse/kassel/organisationen/")
        page.get_by_role("link", name="Organisation aufnehmen").click()
        if number == 0:
            _accessible(page, "organisation-admit")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label(sector, exact=True).check()
        page.get_by_role("button", name="Organisation aufnehmen").click()
        expect(page.get_by_text(f"{name} ist aufgenommen.")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(1 + len(ORGANISATIONS))
    _accessible(page)


def _create_bodies(page) -> None:
    for number, (name, short_name, kind) in enumerate(BODIES):
        page.goto("/buendnisse/kassel/gremien/")
        page.get_by_role("link", name="Gremium anlegen").click()
        if number == 0:
            _accessible(page, "body-create")
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Kurzname").fill(short_name)
        if kind == "Steuerungsgruppe":
            page.get_by_role("group", name="Mitglieder").get_by_label("Koordination").check()
        page.get_by_role("button", name="Gremium anlegen").click()
        expect(page.get_by_text("ist angelegt.")).to_be_visible()
    page.goto("/buendnisse/kassel/gremien/")
    expect(
        page.get_by_role("link", name="AG 3: Zugang zu Wohnraum/Diskriminierungsfreiheit")
    ).to_be_visible()
    expect(page.locator(".wb-card")).to_have_count(len(BODIES))
    _accessible(page)


def _invite_member(page) -> None:
    page.goto("/buendnisse/kassel/personen/")
    page.get_by_role("link", name="Person anlegen oder einladen").click()
    _accessible(page, "person-invite")
    page.get_by_label("Vorname").fill("Anna")
    page.get_by_label("Nachname").fill("Berg")
    page.get_by_role("textbox", name="E-Mail").fill("anna.berg@gwg-kassel.example")
    page.get_by_role("group", name="Gehört zu den Organisationen").get_by_label(
        "GWG der Stadt Kassel"
    ).check()
    page.get_by_role("group", name="Rolle").get_by_label("Vermieter", exact=True).check()
    page.get_by_label("Zugang einrichten und Einladung per E-Mail senden").check()
    page.get_by_role("button", name="Person speichern").click()
    expect(page.get_by_text("Einladung an anna.berg@gwg-kassel.example gesendet")).to_be_visible()
    expect(page.get_by_role("heading", name="Anna Berg")).to_be_visible()
    _accessible(page, "person-edit")


def test_kassel_starts_from_an_empty_database(empty_page, tmp_path):
    page, base_url = empty_page
    link = _in_thread(lambda: _init(base_url))
    mail.outbox = []
    _set_password_and_sign_in(page, link)
    _upload_districts(page, tmp_path)
    _admit_organisations(page)
    _create_bodies(page)
    _invite_member(page)
    (invitation,) = mail.outbox
    assert invitation.to == ["anna.berg@gwg-kassel.example"]
    assert "Kasseler Bündnis für bezahlbares Wohnen" in invitation.subject
    assert f"{base_url}/konto/passwort-neu/" in invitation.body
