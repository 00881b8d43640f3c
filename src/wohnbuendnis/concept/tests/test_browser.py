"""End to end: the action concept for the coordinator and its public progress page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]


def test_the_concept_overview_and_the_public_progress_are_accessible(page):
    sign_in(page, "koordination")
    page.get_by_role("link", name="Handlungskonzept").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlungskonzept Wohnen")
    expect(page.get_by_role("heading", name="Leitlinie Quantität")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "concept-overview", full_page=False)
    page.get_by_role("link", name="Aktive Liegenschaftspolitik").click()
    expect(page.get_by_role("heading", name="Verlauf")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ziele und Erfolgskontrolle").click()
    expect(
        page.get_by_role("table").get_by_text("Q1 650 fertiggestellte Wohnungen pro Jahr")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Handlungskonzept: Ziele und Fortschritt der Maßnahmen").click()
    expect(page.get_by_text("Zusammenarbeit von Stadt und Region")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Bauvorhaben in Planung und Umsetzung").click()
    # the pipeline's row (the map's table beside it names the project with its district)
    expect(page.get_by_role("rowheader", name="Quartier Alte Gießerei", exact=True)).to_be_visible()
    plan = page.get_by_role("table", name="Fertigstellungen nach Gebiet und Jahr")
    expect(plan.get_by_role("rowheader", name="Summe")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Selbstverpflichtungen und Unterzeichnende").click()
    expect(page.get_by_role("table").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_steering_group_evaluates_and_freezes(page):
    sign_in(page, "koordination")
    page.goto("/handlungskonzept/musterstadt/evaluationen/")
    page.get_by_label("Bezeichnung").fill("Evaluation 2024/25")
    page.get_by_label("von (Jahr)").fill("2024")
    page.get_by_label("bis (Jahr)").fill("2025")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Evaluation beginnen").click()
    expect(page.get_by_role("heading", name="Evaluation 2024/25")).to_be_visible()
    # all goals' assessments are one form: what is typed for two goals is saved together
    page.get_by_label("Bewertung Q1", exact=True).fill("Fertigstellungen knapp unter dem Ziel.")
    page.get_by_label("Bewertung Q2", exact=True).fill("Innenentwicklung kommt voran.")
    page.get_by_role("button", name="Bewertungen speichern").click()
    expect(page.get_by_text("Die Bewertungen sind gespeichert.")).to_be_visible()
    expect(page.get_by_label("Bewertung Q2", exact=True)).to_have_value(
        "Innenentwicklung kommt voran."
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Evaluation festschreiben").click()
    expect(page.get_by_text("Die Evaluation ist festgeschrieben.")).to_be_visible()
    expect(page.get_by_text("Fertigstellungen knapp unter dem Ziel.")).to_be_visible()
    assert page.get_by_role("button", name="Evaluation festschreiben").count() == 0
    expect(page.get_by_role("columnheader", name="Quelle des Istwerts")).to_be_visible()
    assert axe_violations(page) == []
