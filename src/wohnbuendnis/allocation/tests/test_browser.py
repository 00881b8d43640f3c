"""End to end in Debian's Chromium: an agency registers a client, the housing office verifies,
a landlord reports a flat, the office names households, the landlord declines one with a reason
and accepts another, and the audit page counts the decisions. axe-core on every main page."""

from __future__ import annotations

import pytest

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def _switch(page, username: str) -> None:
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    sign_in(page, username)


def _gwm_row(page) -> str:
    page.goto("/vermittlung/musterstadt/audit/")
    return page.get_by_role("row").filter(has_text="Gemeinnützige Wohnungsbau").first.inner_text()


def test_from_registration_to_lease_and_audit(page):
    sign_in(page, "koordination")
    before = _gwm_row(page)

    _switch(page, "sozialtraeger")
    page.goto("/vermittlung/musterstadt/haushalte/neu/")
    page.get_by_label("Name der antragstellenden Person").fill("Testa Klientin")
    page.get_by_label("Personen im Haushalt").fill("2")
    page.get_by_label("davon Kinder unter 18").fill("1")
    page.get_by_label("Jahreseinkommen (€)").fill("14000")
    page.get_by_label("Wohnberechtigungsschein gültig bis").fill("2030-12-31")
    page.get_by_label("Haushaltsform").select_option("alleinerziehend")
    page.get_by_label("wohnungslos").check()
    page.get_by_label("Vorgelegte Nachweise").fill("Bescheinigung Haus Weitblick")
    consent = page.get_by_label("Die Klientin / der Klient hat eingewilligt")
    assert not consent.is_checked()  # an explicit act, never ticked in advance
    consent.check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_text("Der Haushalt ist registriert.").wait_for()
    household_url = page.url

    _switch(page, "wohnungsamt")
    page.goto(household_url)
    page.get_by_label("Gesehene Nachweise").fill("Bescheinigung im Original gesehen")
    page.get_by_role("button", name="Angaben prüfen und bestätigen").click()
    page.get_by_text("Die Angaben sind geprüft").wait_for()
    assert axe_violations(page) == []

    _switch(page, "vermieter")
    page.goto("/vermittlung/musterstadt/wohnungen/melden/")
    page.get_by_label("Straße").fill("Testweg")
    page.get_by_label("Hausnummer").fill("7")
    page.get_by_label("Postleitzahl").fill("34117")
    page.get_by_label("Lage im Haus (z. B. Geschoss)").fill("1. OG links")
    page.get_by_label("Zimmer", exact=True).fill("2")
    page.get_by_label("Wohnfläche (m²)").fill("54")
    page.get_by_label("Bruttowarmmiete (€/Monat)").fill("520")
    page.get_by_label("Belegungsbindung bis").fill("2045-12-31")
    page.get_by_label("frei ab").fill("2027-01-01")
    page.get_by_role("button", name="Wohnung melden").click()
    page.get_by_text("Die Wohnung ist gemeldet.").wait_for()
    vacancy_url = page.url

    _switch(page, "wohnungsamt")
    page.goto(vacancy_url)
    page.get_by_role("button", name="Vorschau der Benennungen berechnen").click()
    page.get_by_role("button", name="Benennungen senden").click()
    page.get_by_text("3 Haushalte sind benannt.").wait_for()

    _switch(page, "vermieter")
    page.goto(vacancy_url)
    assert page.locator("article").count() == 3
    assert axe_violations(page) == []
    screenshot(page, "allocation-nominations", full_page=False)
    first = page.locator("article").first
    first.get_by_label("ablehnen", exact=True).check()
    first.get_by_label("Ablehnungsgrund").select_option("v_unterlagen")
    first.get_by_role("button").click()
    page.get_by_text("Ihre Entscheidung ist erfasst.").wait_for()
    assert page.locator("article").count() == 2
    second = page.locator("article").first
    second.get_by_label("annehmen", exact=True).check()
    second.get_by_role("button").click()
    page.get_by_text("Ihre Entscheidung ist erfasst.").wait_for()
    assert page.locator("article").count() == 0
    assert page.get_by_text("Vermieter: Unterlagen unvollständig").count() == 1

    _switch(page, "koordination")
    after = _gwm_row(page)
    assert after != before
    assert axe_violations(page) == []
    screenshot(page, "allocation-audit", full_page=False)
