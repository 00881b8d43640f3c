"""End to end: the Fachamt opens the demo forecast, steps the pyramid, sees the fan chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("forecast")]


def test_fachamt_steps_through_the_demo_forecast(page):
    sign_in(page, "fachamt")
    page.goto("/prognose/musterstadt/")
    page.get_by_role("link", name="Bevölkerungsprognose 2024–2045").click()
    heading = page.locator("#pyramide-titel")
    assert heading.inner_text().endswith("2045")
    page.locator("#pyramide").get_by_role("link", name="ein Jahr zurück (2044)").click()
    page.wait_for_function("document.querySelector('#pyramide-titel').innerText.endsWith('2044')")
    page.wait_for_selector("#pyramide [data-rendered='true']")
    screenshot(page, "forecast-pyramid", element=page.locator("#pyramide"))
    page.wait_for_selector("[data-chart='chart-fan'][data-rendered='true']")
    assert page.locator("[data-chart='chart-fan'] svg").count() == 1
    page.wait_for_selector("#karte ~ .wb-map[data-rendered='20']")  # every district on the map
    assert axe_violations(page) == []
    page.locator("#szenarien").scroll_into_view_if_needed()
    screenshot(page, "forecast-scenarios", element=page.locator("[data-chart='chart-fan']"))


def test_member_compares_assumption_sets_side_by_side(page):
    sign_in(page, "mitglied")
    page.goto("/prognose/musterstadt/")
    page.get_by_role("link", name="Annahmen-Sets im Vergleich").click()
    table = page.get_by_role("table", name="Annahmen je Komponente")
    expect(table.locator("thead th")).to_have_count(4)  # component + three sets
    page.get_by_label("Hohe Variante (hoch", exact=False).uncheck()
    page.get_by_role("button", name="Vergleichen").click()
    table = page.get_by_role("table", name="Annahmen je Komponente")
    expect(table.locator("thead th")).to_have_count(3)
    assert axe_violations(page) == []
