"""Issue 17 item 2 in Chromium: a member organisation's person submits a statement on a
section of the open theses paper, the coordinator closes the consultation, responds in the
synopsis and publishes it; the public synopsis shows the statement beside the response. Every
page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("consultations")]
STATEMENT = "Ein Azubiwerk braucht die Ausbildungsbetriebe als Mitglieder."
REASON = "Die Betriebe werden zur Gründung eingeladen."


def test_a_member_comments_on_a_section_and_the_coordinator_responds(page):
    sign_in(page, "mitglied")
    page.get_by_role("link", name="Stellungnahmen").first.click()
    page.get_by_role("link", name="Thesenpapier „Junges Wohnen“").click()
    page.get_by_role("link", name="Stellungnahme abgeben").click()
    expect(
        page.get_by_role("heading", name="Stellungnahme von Mieterbund Musterstadt e. V.")
    ).to_be_visible()
    page.get_by_label("Zu 2 Azubi-Wohnen").fill(STATEMENT)
    page.get_by_label("Die Stellungnahme darf mit der Synopse veröffentlicht werden").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Stellungnahme einreichen").click()
    expect(page.get_by_text("Ihre Stellungnahme ist eingereicht.")).to_be_visible()
    expect(page.get_by_text("Mieterbund Musterstadt e. V.: Fassung 1")).to_be_visible()
    page.get_by_role("button", name="Abmelden").click()

    sign_in(page, "koordination")
    page.get_by_role("link", name="Stellungnahmen").first.click()
    page.get_by_role("link", name="Thesenpapier „Junges Wohnen“").click()
    page.get_by_role("button", name="Verfahren abschließen").click()
    expect(page.get_by_text("Das Beteiligungsverfahren ist abgeschlossen.")).to_be_visible()
    page.get_by_role("link", name="Zur Synopse").click()
    expect(page.get_by_role("cell", name=STATEMENT)).to_be_visible()
    page.get_by_label("Ergebnis zu Mieterbund Musterstadt e. V.").select_option(
        label="teilweise übernommen"
    )
    page.get_by_label("Begründung zu Mieterbund Musterstadt e. V.").fill(REASON)
    gwm = "Gemeinnützige Wohnungsbaugesellschaft Musterstadt mbH"
    page.get_by_label(f"Ergebnis zu {gwm}").select_option(label="übernommen")
    assert axe_violations(page) == []
    screenshot(page, "consultations-synopsis", full_page=False)
    page.get_by_role("button", name="Antworten speichern").click()
    expect(page.get_by_text("Die Antworten sind gespeichert.")).to_be_visible()
    page.get_by_role("button", name="Synopse veröffentlichen").click()
    expect(page.get_by_text("Die Synopse ist veröffentlicht.")).to_be_visible()
    page.get_by_role("link", name="öffentliche Fassung").click()

    row = page.get_by_role("row").filter(has_text=STATEMENT)
    expect(row).to_contain_text("Mieterbund Musterstadt e. V.")
    expect(row).to_contain_text("teilweise übernommen")
    expect(row).to_contain_text(REASON)
    assert axe_violations(page) == []
