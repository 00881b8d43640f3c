"""The page "Vermittlungen nach Stadtteil" in Chromium: Koordination opens it from the
allocation's navigation, the map draws the twenty districts of Musterstadt, the table and the
segregation index stand beside it, the figures go to the monitoring; axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def test_coordination_sees_the_map_of_placements_and_publishes_them(page):
    sign_in(page, "koordination")
    page.goto("/vermittlung/musterstadt/prioritaetenliste/")
    page.get_by_role("link", name="Stadtteile").click()
    heading = page.get_by_role("heading", name="Vermittlungen nach Stadtteil", exact=True)
    expect(heading).to_be_visible()
    page.wait_for_selector(".wb-map[data-rendered='20']")
    assert page.locator(".leaflet-interactive").count() == 20
    table = page.locator("table:has(caption:text('je Stadtteil'))")
    assert table.locator("tbody tr").count() == 20
    expect(page.get_by_role("heading", name="Segregationsindex", exact=False)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "allocation-places", full_page=False)

    page.get_by_role("button", name="an das Monitoring übergeben").click()
    expect(page.get_by_text("0 neue, 0 geänderte", exact=False)).to_be_visible()
    assert axe_violations(page) == []
