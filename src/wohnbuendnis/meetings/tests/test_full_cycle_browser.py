"""Acceptance: the full cycle through the web – schedule a Plenum with its agenda, invite (the
mail with the .ics file is captured), upload a document and delete it again, record attendance,
draft, circulate, a member amends, the minute-taker accepts, approves and publishes; the public
sees only the public summary."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, sign_in

YEAR = timezone.localdate().year + 1  # meetings are planned within ten years of today

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]

PUBLIC_RESULT = "Das Plenum begrüßt die Berichte der Arbeitsgruppen."
SECRET_RESULT = "Vertrauliche Personalfrage zur Geschäftsstelle besprochen."


def _switch(page, username: str | None) -> None:
    page.context.clear_cookies()
    if username:
        sign_in(page, username)


def _schedule_and_invite(page) -> None:
    page.goto("/sitzungen/musterstadt/")
    page.get_by_role("link", name="Sitzung anlegen").click()
    page.get_by_label("Gremium").select_option(label="Plenum")
    page.get_by_label("Titel").fill("Plenumssitzung Abnahmetest")
    page.get_by_label("Datum").fill(f"{YEAR}-06-15")
    page.get_by_label("Beginn").fill("16:00")
    page.get_by_label("Ende").fill("18:00")
    page.locator("#id_place").fill("Rathaus, Sitzungssaal 1")
    page.get_by_label("Tagesordnung").fill(
        "Berichte aus den Arbeitsgruppen\nPersonalangelegenheiten [nicht öffentlich]"
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_text("Die Sitzung ist angelegt.")).to_be_visible()
    mail.outbox.clear()
    page.get_by_role("button", name="Einladung versenden").click()
    expect(page.get_by_text("Die Einladungen wurden versandt.")).to_be_visible()


def _assert_invitation_sent() -> None:
    assert mail.outbox, "no invitation captured"
    message = mail.outbox[0]
    assert message.subject == f"Einladung: Plenum – Plenumssitzung Abnahmetest am 15.06.{YEAR}"
    assert "TOP 2: Personalangelegenheiten" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("einladung.ics", "text/calendar")
    assert "METHOD:REQUEST" in content and f"DTSTART:{YEAR}0615T140000Z" in content


def _upload_and_delete_a_document(page) -> None:
    page.get_by_label("Unterlage zu TOP 1").set_input_files(
        {"name": "Entwurf.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}
    )
    page.get_by_role("button", name="Hochladen").first.click()
    expect(page.get_by_text("Die Unterlage ist hochgeladen.")).to_be_visible()
    expect(page.get_by_role("link", name="Entwurf.pdf")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Unterlage „Entwurf.pdf“ löschen").click()
    expect(page.get_by_text("Die Unterlage „Entwurf.pdf“ ist gelöscht.")).to_be_visible()
    assert page.get_by_role("link", name="Entwurf.pdf").count() == 0


def _draft_and_circulate(page) -> str:
    page.get_by_role("link", name="Teilnahme erfassen").click()
    attendance = page.locator("main select[name^='person_']")  # members, not guests
    # all() does not wait: under load the click's page may not be there yet, and no one
    # would be marked present (the member then may not propose amendments)
    expect(attendance.first).to_be_visible()
    for select in attendance.all():
        select.select_option("anwesend")
    page.get_by_role("button", name="Teilnahme speichern").click()
    expect(page.get_by_text("Die Teilnahme ist gespeichert.")).to_be_visible()
    page.get_by_role("button", name="Protokoll anlegen").click()
    page.get_by_label("Ergebnisse zu TOP 1").fill(PUBLIC_RESULT)
    page.get_by_label("Beschlüsse zu TOP 1").fill("Einstimmig.")
    page.get_by_label("Ergebnisse zu TOP 2").fill(SECRET_RESULT)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Der Entwurf ist gespeichert.")).to_be_visible()
    minutes_url = page.url
    page.get_by_label("Rückmeldungen bis").fill("2099-12-31")
    page.get_by_role("button", name="In Umlauf geben").click()
    expect(page.get_by_text("Das Protokoll ist im Umlauf.")).to_be_visible()
    return minutes_url


def test_full_cycle_from_scheduling_to_the_public_summary(page):
    sign_in(page, "koordination")
    _schedule_and_invite(page)
    _assert_invitation_sent()
    _upload_and_delete_a_document(page)
    minutes_url = _draft_and_circulate(page)

    _switch(page, "mitglied")
    page.goto(minutes_url)
    page.get_by_role("link", name="Änderung zu TOP 1 vorschlagen").click()
    page.get_by_label("Abschnitt").select_option("results")
    page.get_by_label("Textstelle").fill("begrüßt")
    page.get_by_label("Vorschlag").fill("begrüßt ausdrücklich")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    expect(page.get_by_text("Ihr Änderungsvorschlag ist eingegangen.")).to_be_visible()

    _switch(page, "koordination")
    page.goto(minutes_url)
    page.get_by_label("Antwort").first.fill("Übernommen.")
    page.get_by_role("button", name="Übernehmen").click()
    expect(page.get_by_text("Die Entscheidung ist gespeichert.")).to_be_visible()
    page.get_by_role("button", name="Protokoll freigeben").click()
    expect(page.get_by_text("Das Protokoll ist freigegeben.")).to_be_visible()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Das Protokoll ist veröffentlicht.")).to_be_visible()
    page.get_by_role("link", name="Fassungen vergleichen").click()
    expect(page.locator("main ins").filter(has_text="ausdrücklich")).to_have_count(1)
    assert axe_violations(page) == []

    _switch(page, None)
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Ergebnisse der Sitzungen").click()
    page.get_by_role("link", name="Plenum").filter(has_text=f"15.06.{YEAR}").click()
    amended = "Das Plenum begrüßt ausdrücklich die Berichte der Arbeitsgruppen."
    expect(page.locator("main")).to_contain_text(amended)  # waits for the summary's page
    text = page.locator("main").inner_text()
    assert "Das Plenum begrüßt ausdrücklich die Berichte der Arbeitsgruppen." in text
    assert "Personalangelegenheiten" not in text
    assert SECRET_RESULT not in text
    assert axe_violations(page) == []
