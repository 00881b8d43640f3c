"""The public start page and the open-data page in Chromium, at a desktop's and a phone's width
(390 px): axe-core finds nothing, nothing is wider than the screen, the files are reachable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process", "monitoring", "forecast")]

PAGES = ["/buendnisse/musterstadt/", "/offene-daten/musterstadt/", "/offene-daten/"]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_pages_work_on_a_phone_and_are_accessible(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(path)
        assert axe_violations(page) == [], (path, width)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, width, overflow)
    page.goto("/buendnisse/musterstadt/")
    screenshot(page, f"public-start-{width}", full_page=False)
    page.get_by_role("link", name="Offene Daten: Zeitreihen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offene Daten")  # waits for it
    if width == 390:
        screenshot(page, "opendata-phone", full_page=False)
    with page.expect_download() as download:
        page.get_by_role("link", name="Bauvorhaben als CSV").click()
    assert download.value.suggested_filename == "musterstadt-bauvorhaben.csv"
