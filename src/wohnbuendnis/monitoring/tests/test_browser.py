"""End to end in Chromium: Fachamt imports a file through preview and commit and finds the new
value on the dashboard and the map; dashboard, map and index pages pass axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("monitoring")]


def test_fachamt_imports_and_finds_the_value_on_dashboard_and_map(page, tmp_path):
    upload = tmp_path / "einwohner-2025.csv"
    upload.write_text(
        "indicator,area,year,value,source\npopulation,99100001-01,2025,98765,Melderegister\n"
    )
    sign_in(page, "fachamt")
    page.goto("/monitoring/musterstadt/import/")
    page.get_by_label("Art der Datei").select_option("observations")
    page.get_by_label("Datei", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.get_by_text("1 neue Werte, 0 geänderte Werte, 0 unverändert.")).to_be_visible()
    assert "Die Datei ist in Ordnung." in page.content()
    # The preview names the area beside its key (issue 13) and passes axe.
    expect(page.get_by_role("row", name="Mitte 01 Einwohnerinnen und Einwohner")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(page.get_by_text("Importiert: 1 neue und 0 geänderte Werte.")).to_be_visible()

    page.goto("/monitoring/musterstadt/")
    page.get_by_role("link", name="Mitte", exact=True).click()
    expect(page.get_by_test_id("value-population")).to_have_text("98.765")
    page.wait_for_selector("[data-chart='chart-population'][data-rendered='true']")
    assert axe_violations(page) == []
    screenshot(page, "monitoring-dashboard", full_page=False)

    page.goto("/monitoring/musterstadt/karte/?indikator=population&jahr=2025")
    page.wait_for_selector(".wb-map[data-rendered='20']")
    expect(page.get_by_role("row", name="Mitte 98.765", exact=True)).to_be_visible()
    assert page.locator(".leaflet-interactive").count() == 20
    assert axe_violations(page) == []
    screenshot(page, "monitoring-map")

    page.goto("/monitoring/musterstadt/sozialmonitoring/")
    page.wait_for_selector(".wb-map[data-rendered='20']")
    expect(page.get_by_role("heading", name="Auffällige Gebiete")).to_be_visible()
    assert axe_violations(page) == []


def test_fachamt_sees_old_and_new_values_and_undoes_the_import(page, tmp_path):
    """Issue 13: an office file (';', decimal comma, Windows-1252) changes a value; the preview
    shows old → new with the area's name, and the import history takes it back."""
    upload = tmp_path / "excel.csv"
    upload.write_bytes(
        "Indikator;Gebiet;Gebietsname;Jahr;Wert;Quelle\n"
        "vacancy_rate;01;Mitte;2020;7,5;Zählung\n".encode("cp1252")
    )
    sign_in(page, "fachamt")
    page.goto("/monitoring/musterstadt/import/")
    page.get_by_label("Art der Datei").select_option("observations")
    page.get_by_label("Datei", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.get_by_role("heading", name="Geänderte Werte (bisher → neu)")).to_be_visible()
    expect(page.get_by_role("heading", name="Werte nach Indikator und Jahr")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(page.get_by_text("Importiert: 0 neue und 1 geänderte Werte.")).to_be_visible()
    page.get_by_role("button", name="Import excel.csv rückgängig machen").click()
    expect(page.get_by_text("Der Import excel.csv wurde rückgängig gemacht.")).to_be_visible()
    expect(page.get_by_text("rückgängig gemacht am").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_region_compares_its_municipalities(page):
    """Issue 15: the region's municipalities side by side (ranking, chart of several, one
    against its Kreis, Land and size class) and the map by municipality pass axe-core."""
    sign_in(page, "fachamt")
    page.goto("/monitoring/region-musterland/")
    page.get_by_role("link", name="Gemeinden im Vergleich").click()
    expect(page.get_by_role("heading", name="Rangfolge der Gemeinden")).to_be_visible()
    assert page.locator("table:has(caption:text('Einwohnerinnen')) tbody tr").count() >= 16
    page.get_by_label("Gemeinde im Vergleich mit Kreis, Land und Größenklasse").select_option(
        label="Musterstadt (99100001)"
    )
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_selector("[data-chart='chart-comparison'][data-rendered='true']")
    expect(page.get_by_role("heading", name="Musterstadt im Vergleich")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Karte nach Gemeinden").click()
    page.wait_for_selector(".wb-map[data-rendered]")
    assert axe_violations(page) == []
