"""End to end on the demo: Koordination requests the action concept as PDF on the reports
page, the report page shows its status until it is finished, the PDF downloads; no serious or
critical accessibility violation on the reports pages.

The tests run background tasks inline (TASKS_IMMEDIATE), so the status arrives finished; with
the database backend the same page polls ``status/`` every second (htmx) or reloads itself
every three seconds (without JavaScript)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]


def test_koordination_generates_and_downloads_the_concept(page):
    sign_in(page, "koordination")
    page.goto("/berichte/musterstadt/")
    expect(page.get_by_role("heading", name="Berichte", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Bericht", exact=True).select_option("concept")
    page.get_by_label("Format").select_option("pdf")
    screenshot(page, "reports-page")
    page.get_by_role("button", name="Bericht erstellen").click()
    status = page.locator("#bericht-status")
    expect(status).to_contain_text("fertig", timeout=60_000)
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="musterstadt-concept.pdf herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == "musterstadt-concept.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.goto("/berichte/musterstadt/")
    expect(page.get_by_role("link", name="Handlungskonzept Wohnen")).to_be_visible()
