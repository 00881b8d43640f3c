"""End to end: the action concept for the coordinator and its public progress page."""

from __future__ import annotations

import pytest

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]


def test_the_concept_overview_and_the_public_progress_are_accessible(page):
    sign_in(page, "koordination")
    page.get_by_role("link", name="Handlungskonzept").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Handlungskonzept Wohnen"
    assert page.get_by_role("heading", name="Leitlinie Quantität").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "concept-overview")
    page.get_by_role("link", name="Aktive Liegenschaftspolitik").click()
    assert page.get_by_role("heading", name="Verlauf").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ziele und Erfolgskontrolle").click()
    assert (
        page.get_by_role("table")
        .get_by_text("Q1 650 fertiggestellte Wohnungen pro Jahr")
        .is_visible()
    )
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Handlungskonzept: Ziele und Fortschritt der Maßnahmen").click()
    assert page.get_by_text("Zusammenarbeit von Stadt und Region").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Bauvorhaben in Planung und Umsetzung").click()
    assert page.get_by_text("Quartier Alte Gießerei").is_visible()
    plan = page.get_by_role("table", name="Fertigstellungen nach Gebiet und Jahr")
    assert plan.get_by_role("rowheader", name="Summe").is_visible()
    assert axe_violations(page) == []
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Selbstverpflichtungen und Unterzeichnende").click()
    assert page.get_by_role("table").first.is_visible()
    assert axe_violations(page) == []


def test_the_steering_group_evaluates_and_freezes(page):
    sign_in(page, "koordination")
    page.goto("/handlungskonzept/musterstadt/evaluationen/")
    page.get_by_label("Bezeichnung").fill("Evaluation 2024/25")
    page.get_by_label("von (Jahr)").fill("2024")
    page.get_by_label("bis (Jahr)").fill("2025")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Evaluation beginnen").click()
    assert page.get_by_role("heading", name="Evaluation 2024/25").is_visible()
    page.get_by_label("Bewertung Q1").fill("Fertigstellungen knapp unter dem Ziel.")
    page.get_by_role("button", name="Bewertung Q1 speichern").click()
    assert page.get_by_text("Die Bewertung ist gespeichert.").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Evaluation festschreiben").click()
    assert page.get_by_text("Die Evaluation ist festgeschrieben.").is_visible()
    assert page.get_by_text("Fertigstellungen knapp unter dem Ziel.").is_visible()
    assert page.get_by_role("button", name="Evaluation festschreiben").count() == 0
    assert page.get_by_role("columnheader", name="Quelle des Istwerts").is_visible()
    assert axe_violations(page) == []
