"""End to end on the demo (issue 12.6): the Koordination downloads the concept workbook,
changes a measure's title, uploads it, sees the planned change and takes it over; a broken
workbook shows its problems table. The upload and preview pages have no serious or critical
accessibility violation."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from wohnbuendnis.analytics.io.concept_workbook import read_concept_workbook
from wohnbuendnis.analytics.io.concept_workbook_writer import write_concept_workbook
from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]
OVERVIEW = "/handlungskonzept/musterstadt/"


def test_koordination_round_trips_the_workbook(page, tmp_path: Path):
    sign_in(page, "koordination")
    page.goto(OVERVIEW)
    with page.expect_download() as download:
        page.get_by_role("link", name="Arbeitsmappe herunterladen").click()
    book = read_concept_workbook(Path(download.value.path()).read_bytes())
    first = book.measures[0]
    book.measures[0] = replace(first, title="Im Browser fortgeschrieben")
    buffer = io.BytesIO()
    write_concept_workbook(book, buffer, ["Hinweise"])
    changed = tmp_path / "konzept.xlsx"
    changed.write_bytes(buffer.getvalue())

    page.get_by_role("link", name="Arbeitsmappe hochladen").click()
    assert axe_violations(page) == []
    page.get_by_label("Arbeitsmappe (.xlsx)").set_input_files(str(changed))
    page.get_by_role("button", name="Prüfen").click()
    expect(page.get_by_role("heading", name="Arbeitsmappe prüfen")).to_be_visible()
    expect(
        page.get_by_text(f"Maßnahme: {first.title} → Im Browser fortgeschrieben")
    ).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "concept-workbook-preview")
    page.get_by_role("button", name="Übernehmen").click()
    expect(page.get_by_text("Die Arbeitsmappe ist übernommen: 1 Änderungen.")).to_be_visible()
    expect(page.get_by_text("Im Browser fortgeschrieben").first).to_be_visible()

    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"keine Arbeitsmappe")
    page.get_by_role("link", name="Arbeitsmappe hochladen").click()
    page.get_by_label("Arbeitsmappe (.xlsx)").set_input_files(str(broken))
    page.get_by_role("button", name="Prüfen").click()
    expect(page.get_by_role("table", name="Probleme")).to_be_visible()
    expect(page.get_by_text("eine Excel-Arbeitsmappe (.xlsx) erwartet")).to_be_visible()
    assert axe_violations(page) == []
