"""End to end on the demo: Koordination writes the action concept in the browser, two
organisations enter their positions on a goal conflict and sign a self-commitment, and every
new page has no serious or critical accessibility violation (issue 12.4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]
OVERVIEW = "/handlungskonzept/musterstadt/"


def _save(page, text: str) -> None:
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text(text)).to_be_visible()
    assert axe_violations(page) == []


def _as(page, username: str, url: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)
    page.goto(url)


def test_koordination_writes_the_concept_and_the_organisations_answer(page):
    sign_in(page, "koordination")
    page.goto(OVERVIEW)
    page.get_by_role("link", name="Leitlinie anlegen").click()
    page.get_by_label("Leitlinie").fill("Wohnen im Alter")
    page.get_by_label("Beschreibung").fill("Wohnraum für alle Gruppen zugänglich machen.")
    _save(page, "Die Leitlinie ist angelegt.")
    expect(page.get_by_role("heading", name="Leitlinie Wohnen im Alter")).to_be_visible()

    page.get_by_role("link", name="Ziel anlegen").click()
    page.get_by_label("Leitlinie").select_option(label="Wohnen im Alter")
    page.get_by_label("Nummer").fill("Z9")
    page.get_by_label("Ziel", exact=True).fill("300 Wohnungen jährlich an Dringlichkeitsfälle")
    page.get_by_label("quantitativ", exact=True).check()
    page.get_by_label("Indikator").select_option(index=1)
    page.locator("#id_target").fill("300")
    page.get_by_label("Ausgangsjahr").fill("2025")
    page.get_by_label("Zieljahr (Horizont)").fill("2030")
    page.get_by_label("hoch").check()
    screenshot(page, "concept-goal-form")
    _save(page, "Das Ziel ist angelegt.")

    page.goto(OVERVIEW)
    page.get_by_role("link", name="Maßnahme anlegen").click()
    page.get_by_label("Nr.").fill("50")
    page.get_by_label("Maßnahme", exact=True).fill("Kooperationsvertrag Wohnungsnotfälle")
    page.get_by_label("Leitlinie").select_option(label="Wohnen im Alter")
    page.get_by_label("federführende Organisation").select_option(index=1)
    page.get_by_label("Kosten (EUR)").fill("20000")
    page.get_by_label("Vorteile").fill("Schnelle Hilfe")
    page.get_by_label("Z9 300 Wohnungen jährlich an Dringlichkeitsfälle").check()
    screenshot(page, "concept-measure-form", full_page=False)
    _save(page, "Die Maßnahme ist angelegt.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "50. Kooperationsvertrag Wohnungsnotfälle"
    )
    page.get_by_label("Meilenstein", exact=True).fill("Vertrag unterzeichnet")
    page.get_by_label("geplant bis").fill("2025-06-30")
    page.get_by_role("button", name="Meilenstein hinzufügen").click()
    expect(page.get_by_text("Der Meilenstein ist angelegt.")).to_be_visible()
    page.get_by_role("button", name="„Vertrag unterzeichnet“ als erreicht vermerken").click()
    expect(page.get_by_text("Der Meilenstein ist als erreicht vermerkt.")).to_be_visible()
    expect(page.get_by_text("Meilenstein „Vertrag unterzeichnet“ erreicht am")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(OVERVIEW)
    page.get_by_role("link", name="Zielkonflikt anlegen").click()
    page.get_by_label("Zielkonflikt").fill("Dringlichkeit und Mischung")
    page.get_by_label("Z9 300 Wohnungen jährlich an Dringlichkeitsfälle").check()
    _save(page, "Der Zielkonflikt ist angelegt")
    conflict = page.url
    for username, text in [
        ("vermieter", "Belegung nur mit Begleitung durch Träger."),
        ("mitglied", "Dringlichkeit geht vor Mischung."),
    ]:
        _as(page, username, conflict)
        page.get_by_label("Position", exact=True).fill(text)
        assert axe_violations(page) == []
        page.get_by_role("button", name="Position speichern").click()
        expect(page.get_by_text("Die Position Ihrer Organisation ist gespeichert.")).to_be_visible()
    positions = page.get_by_role("listitem")
    expect(positions.filter(has_text="Gemeinnützige Wohnungsbau")).to_contain_text(
        "Belegung nur mit Begleitung"
    )
    expect(positions.filter(has_text="Mieterbund")).to_contain_text("Dringlichkeit geht vor")

    _as(page, "koordination", "/handlungskonzept/musterstadt/selbstverpflichtungen/")
    page.get_by_role("link", name="Selbstverpflichtung beschließen").click()
    page.get_by_label("Titel").fill("Kassel vermietet fair")
    page.get_by_label("Text").fill("1. Wir melden freie geförderte Wohnungen.")
    _save(page, "Die Selbstverpflichtung ist beschlossen")
    commitment = page.url
    for username in ["vermieter", "sozialtraeger"]:
        _as(page, username, commitment)
        assert axe_violations(page) == []
        page.get_by_role("button", name="Unterzeichnen").click()
        expect(page.get_by_text("Ihre Organisation hat unterzeichnet.")).to_be_visible()
    table = page.get_by_role("table", name="Unterschriften")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_text("Diakonisches Werk Musterstadt")).to_be_visible()

    _as(page, "koordination", "/handlungskonzept/musterstadt/bauvorhaben/")
    page.get_by_role("link", name="Bauvorhaben anlegen").click()
    page.get_by_label("Vorhaben").fill("Jordan-Areal")
    page.get_by_label("Wohneinheiten").fill("230")
    page.get_by_label("davon gefördert").fill("60")
    page.get_by_label("Bindungsdauer (Jahre)").fill("30")
    page.get_by_label("Förderquote (%)").fill("30")
    page.get_by_label("Fertigstellung erwartet (Jahr)").fill("2029")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("60 statt mindestens 69 geförderten Wohnungen")).to_be_visible()
    expect(page.get_by_label("Vorhaben")).to_have_value("Jordan-Areal")  # nothing typed lost
    page.get_by_label("davon gefördert").fill("69")
    screenshot(page, "concept-project-form")
    _save(page, "Das Bauvorhaben ist angelegt")
    page.get_by_role("button", name="Stand speichern").click()
    expect(page.get_by_text("Der Stand des Bauvorhabens ist gespeichert.")).to_be_visible()
    expect(page.get_by_text("Baurecht").first).to_be_visible()
    assert axe_violations(page) == []
