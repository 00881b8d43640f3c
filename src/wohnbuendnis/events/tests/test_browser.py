"""Issue 17, item 1 in Chromium: Koordination plans a public Fachtag; a person registers on a
phone (390 px), the double opt-in mail is captured (locmem backend of the live server), its link
confirms the registration, and the person is on the organiser's attendance list. axe-core on
every page of the way."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("events")]


def _no_overflow(page) -> bool:
    return (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


def test_a_person_registers_confirms_by_mail_and_appears_on_the_attendance_list(
    page, browser, live_server
):
    day = timezone.localdate() + datetime.timedelta(days=30)
    sign_in(page, "koordination")
    page.goto("/veranstaltungen/musterstadt/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Neue Veranstaltung").click()
    page.get_by_label("Art").select_option(label="Fachtag")
    page.get_by_label("Titel").fill("Fachtag Wohnen und Pflege")
    page.get_by_label("Programm").fill("9:30 Ankommen\n10:00 Impulse\n12:30 Mittagspause")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Beginn").fill("09:30")
    page.get_by_label("Ende").fill("15:00")
    page.get_by_label(re.compile(r"^Ort")).fill("Stadthalle Musterstadt")
    page.get_by_label("Plätze").fill("30")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fachtag Wohnen und Pflege")
    event_url = page.url

    # the public, on a phone
    phone = browser.new_context(
        base_url=live_server.url, locale="de-DE", bypass_csp=True,
        viewport={"width": 390, "height": 844},
    )  # fmt: skip
    person = phone.new_page()
    person.goto("/buendnisse/musterstadt/")
    person.get_by_role("link", name="Fachtag Wohnen und Pflege").click()
    assert axe_violations(person) == [] and _no_overflow(person)
    consent = person.get_by_role("checkbox")
    expect(consent).not_to_be_checked()  # never ticked in advance
    person.get_by_role("textbox", name="Name", exact=True).fill("Lea Sommer")
    person.get_by_role("textbox", name="E-Mail-Adresse").fill("lea.sommer@example.org")
    person.get_by_role("textbox", name=re.compile("^Organisation")).fill("Pflegedienst Nord")
    consent.check()
    screenshot(
        person,
        "event-registration-phone",
        element=person.locator("section[aria-labelledby=registration-heading]"),
    )
    person.get_by_role("button", name="Anmelden").click()
    expect(person.get_by_role("heading", level=1)).to_have_text(
        "Bitte bestätigen Sie Ihre Anmeldung"
    )
    assert axe_violations(person) == [] and _no_overflow(person)
    assert [m.to for m in mail.outbox] == [["lea.sommer@example.org"]]
    link = re.search(r"http://\S+/bestaetigen/", mail.outbox[0].body).group(0)
    person.goto(link)
    expect(person.get_by_role("heading", level=1)).to_have_text("Sie sind angemeldet")
    assert axe_violations(person) == [] and _no_overflow(person)
    phone.close()

    # the organiser's attendance list
    page.goto(event_url)
    page.get_by_role("link", name="Teilnehmendenliste").click()
    confirmed = page.locator("#liste-bestaetigt")
    expect(confirmed).to_contain_text("Lea Sommer")
    expect(confirmed).to_contain_text("Pflegedienst Nord")
    expect(page.locator("dl.wb-facts")).to_contain_text("1 von 30 Plätzen")
    page.get_by_label("Lea Sommer anwesend").check()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.get_by_text("Die Anwesenheit ist gespeichert.")).to_be_visible()
    expect(page.get_by_label("Lea Sommer anwesend")).to_be_checked()
    assert axe_violations(page) == []
    screenshot(page, "event-attendance", full_page=False)
    with page.expect_download() as download:
        page.get_by_role("link", name="Herunterladen (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
