"""End to end on the demo: Koordination uploads the alliance's logo, looks at the audit page
of one year, requests the yearly allocation statistics as HTML on the reports page and opens
it: the logo and the year's figures are in it. axe-core on the logo page and the year's audit
page (no serious or critical violation)."""

from __future__ import annotations

import datetime

import pytest
import vl_convert
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80">'
    '<rect width="240" height="80" fill="#0b3d91"/></svg>'
)


def test_logo_audit_year_and_allocation_report(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    year = datetime.date.today().year - 1
    sign_in(page, "koordination")
    page.goto("/buendnisse/musterstadt/erscheinungsbild/")
    expect(page.get_by_role("heading", name="Logo für Berichte")).to_be_visible()
    assert axe_violations(page) == []
    logo = tmp_path / "logo.png"
    logo.write_bytes(vl_convert.svg_to_png(SVG, scale=1))
    page.get_by_label("Logo (PNG, JPEG oder SVG)").set_input_files(str(logo))
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_text("Das Logo ist gespeichert.")).to_be_visible()
    expect(page.get_by_role("img", name="Logo Musterstädter")).to_be_visible()
    screenshot(page, "alliance-logo")

    page.goto("/vermittlung/musterstadt/audit/")
    page.get_by_label("Zeitraum").select_option(str(year))
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text(f"Zahlen des Jahres {year}")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/berichte/musterstadt/")
    page.get_by_label("Bericht", exact=True).select_option("allocation")
    page.get_by_label("Format").select_option("html")
    page.get_by_label("Berichtsjahr").fill(str(year))
    page.get_by_role("button", name="Bericht erstellen").click()
    expect(page.locator("#bericht-status")).to_contain_text("fertig", timeout=60_000)
    page.get_by_role("link", name="musterstadt-allocation.html herunterladen").click()
    expect(page.get_by_role("heading", name="Jahresstatistik der Wohnungsvergabe")).to_be_visible()
    expect(page.get_by_role("img", name="Logo Musterstädter")).to_be_visible()
    expect(page.get_by_text(f"Berichtsjahr {year}")).to_be_visible()
