"""Acceptance: after the invitation the Koordination adds an agenda item and moves the
meeting (each time the updated .ics is captured: same UID, SEQUENCE raised, METHOD:REQUEST),
and an invitee answers from the meeting page; the coordinator sees who comes. axe on each page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, sign_in
from wohnbuendnis.meetings import ical

YEAR = timezone.localdate().year + 1

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]


def _captured_event():
    assert mail.outbox, "no mail captured"
    name, content, mimetype = mail.outbox[-1].attachments[0]
    assert (name, mimetype) == ("einladung.ics", "text/calendar")
    calendar = ical.parse(content)
    (event,) = calendar.events
    return str(calendar["METHOD"]), event


def test_change_the_agenda_and_move_after_the_invitation_then_an_invitee_answers(page):
    sign_in(page, "koordination")
    page.goto("/sitzungen/musterstadt/neu/")
    page.get_by_label("Gremium").select_option(label="Plenum")
    page.get_by_label("Titel").fill("Plenum Änderungstest")
    page.get_by_label("Datum").fill(f"{YEAR}-09-10")
    page.get_by_label("Beginn").fill("16:00")
    page.get_by_label("Ende").fill("18:00")
    page.locator("#id_place").fill("Rathaus")
    page.get_by_label("Tagesordnung").fill("Berichte")
    page.get_by_role("button", name="Anlegen").click()
    mail.outbox.clear()
    page.get_by_role("button", name="Einladung versenden").click()
    expect(page.get_by_text("Die Einladungen wurden versandt.")).to_be_visible()
    invited = len(mail.outbox)
    method, first = _captured_event()
    assert method == "REQUEST"

    page.get_by_role("link", name="Tagesordnungspunkt ergänzen").click()
    page.get_by_label("Thema").fill("Wohnungsmarktbericht")
    page.get_by_label("öffentlich").uncheck()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Tagesordnungspunkt ist ergänzt.")).to_be_visible()
    assert len(mail.outbox) == 2 * invited
    method, updated = _captured_event()
    assert method == "REQUEST" and str(updated["UID"]) == str(first["UID"])
    assert int(updated["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert "TOP 2: Wohnungsmarktbericht" in str(updated["DESCRIPTION"])
    page.get_by_role("button", name="TOP 2 nach oben").click()
    expect(page.get_by_text("Die Reihenfolge ist geändert.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Sitzung verlegen oder ändern").click()
    page.get_by_label("Datum").fill(f"{YEAR}-09-17")
    page.get_by_label("Beginn").fill("17:00")
    page.get_by_label("Ende").fill("19:00")
    page.locator("#id_place").fill("Bürgerhaus Mitte")
    page.get_by_label("Hinweis an die Eingeladenen").fill("Der Saal im Rathaus ist belegt.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Änderung speichern").click()
    expect(page.get_by_text("Die Sitzung ist geändert.")).to_be_visible()
    assert len(mail.outbox) == 4 * invited
    method, moved = _captured_event()
    assert method == "REQUEST" and str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) == int(first["SEQUENCE"]) + 3
    assert moved["DTSTART"].to_ical() == f"{YEAR}0917T150000Z".encode()
    assert str(moved["LOCATION"]) == "Bürgerhaus Mitte"
    meeting_url = page.url

    page.context.clear_cookies()
    sign_in(page, "mitglied")
    page.goto(meeting_url)
    page.get_by_label("entschuldigt").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Ihre Antwort ist gespeichert.")).to_be_visible()
    expect(page.get_by_text("Ihre Antwort: entschuldigt")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "koordination")
    page.goto(meeting_url)
    expect(page.get_by_text("Zusagen: 0 · entschuldigt: 1 ·", exact=False)).to_be_visible()
    assert axe_violations(page) == []
