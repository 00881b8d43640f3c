"""The state overview in Chromium (issue 15, item 5): the coordinator of the demo's state
alliance opens it from the public page and sees every municipality of Musterland in the table
and on the map; the page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process", "region")]


def test_the_state_coordinator_sees_the_municipalities_in_a_table_and_on_a_map(page):
    sign_in(page, "land")
    page.goto("/buendnisse/land-musterland/")
    expect(page.get_by_role("heading", name="Servicestelle für die Gemeinden")).to_be_visible()
    overview = "Übersicht der Gemeinden: Bündnisse, Konzepte, Kennzahlen"
    page.get_by_role("link", name=overview).click()
    expect(page.get_by_role("heading", name="Übersicht der Gemeinden: Musterland")).to_be_visible()
    page.wait_for_selector(".wb-map[data-rendered='16']")
    assert page.locator(".leaflet-interactive").count() == 16
    table = page.locator("table:has(caption:text('Kennzahlen der Gemeinden'))")
    assert table.locator("tbody tr").count() == 16
    city = table.locator("tr[data-area='99100001']")
    expect(city).to_contain_text("Musterstädter Bündnis für bezahlbares Wohnen")
    expect(city).to_contain_text("Fassung 1")
    expect(city).to_contain_text("100.000 Einwohner und mehr")
    regions = page.locator("table:has(caption:text('Regionale Bündnisse im Land'))")
    expect(regions).to_contain_text("Zwischenbilanz 2021")
    assert axe_violations(page) == []
    screenshot(page, "state-overview", full_page=False)
