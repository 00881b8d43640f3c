"""Issue 15 in Chromium with the real Wetteraukreis (``../shared/data/real``), the acceptance
walk in one go: the region's coordinator compares three municipalities on one chart, opens the
map by municipality, starts the region-wide forecast and sees the demand per municipality;
every page passes axe-core."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.forecast import region
from wohnbuendnis.forecast.models import ForecastRun
from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind
from wohnbuendnis.monitoring.services import indicators
from wohnbuendnis.monitoring.tests.test_regional_real_data import BOUNDARIES, TABLES, cut

pytestmark = [pytest.mark.browser]


def _wetterau(real_data, tmp_path) -> Alliance:
    # a live-server test after another one finds the database flushed, the catalogue (seeded
    # by a migration) gone: as `wohnbuendnis init` does, put it back
    indicators.ensure_catalogue()
    hessen = Area.objects.create(level=AreaLevel.STATE, key="06", name="Hessen")
    kreis = Area.objects.create(
        parent=hessen, level=AreaLevel.REGION, key="06440", name="Wetteraukreis"
    )
    alliance = Alliance.objects.create(name="Wohnbündnis Wetterau", slug="wetterau", area=kreis)
    boundaries = real_data / "boundaries-gemeinden-nw-he" / "gemeinden_he_2022.geojson"
    services.commit_import(alliance, boundaries, ImportKind.BOUNDARIES, None, BOUNDARIES)
    for name in TABLES.values():
        path = cut(real_data, name, tmp_path, lambda k: k.startswith("06440") and len(k) == 8)
        services.commit_import(alliance, path, ImportKind.GENESIS)
    person = User.objects.get(username="fachamt").person
    alliance_services.grant_role(alliance, person, Role.COORDINATION, timezone.localdate())
    return alliance


def test_the_coordinator_compares_maps_and_forecasts_the_municipalities(page, real_data, tmp_path):
    alliance = _wetterau(real_data, tmp_path)
    sign_in(page, "fachamt")
    page.goto("/monitoring/wetterau/")
    page.get_by_role("link", name="Gemeinden im Vergleich").click()
    page.get_by_label("Indikator").select_option(label="Baufertigstellungen")
    page.get_by_label("je 1.000 Einwohner (bei Anzahlen)").check()
    page.get_by_text("Gemeinden für das Diagramm wählen").click()
    for name in ("Bad Nauheim, Stadt (06440002)", "Friedberg (Hessen), Kreisstadt (06440008)",
                 "Limeshain (06440014)"):  # fmt: skip
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Gemeinde im Vergleich mit Kreis, Land und Größenklasse").select_option(
        label="Limeshain (06440014)"
    )
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_selector("[data-chart='chart-comparison'][data-rendered='true']")
    expect(page.get_by_role("heading", name="Limeshain im Vergleich")).to_be_visible()
    ranking = page.locator("table:has(caption:text('je 1.000 Einwohner desselben Jahres'))")
    assert ranking.locator("tbody tr").count() == 25
    expect(page.get_by_text("25 von 25 Gemeinden (100 %)")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "region-comparison", full_page=False)

    page.get_by_role("link", name="Karte nach Gemeinden").click()
    page.wait_for_selector(".wb-map[data-rendered='25']")
    assert page.locator(".leaflet-interactive").count() == 25
    assert axe_violations(page) == []
    screenshot(page, "region-map", full_page=False)

    page.goto(f"/prognose/{alliance.slug}/")
    page.get_by_role("link", name="Regionsweite Prognose: Wohnungsbedarf je Gemeinde").click()
    expect(
        page.get_by_text("Eine Prognose für alle 25 Gemeinden im Gebiet Wetteraukreis")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Titel").fill("Wohnungsbedarf der Wetterau-Gemeinden")
    page.get_by_role("button", name="Regionsweite Prognose starten").click()
    heading = page.get_by_role("heading", name="Wohnungsbedarf der Wetterau-Gemeinden")
    expect(heading).to_be_visible()
    table = page.locator("#bedarf-tabelle")
    assert table.locator("tbody tr").count() == 25
    expect(table.locator("tbody tr", has_text="Limeshain")).to_contain_text("06440014")
    run = ForecastRun.objects.get(alliance=alliance)
    total = region.demand(run, "gemeinden").total
    expect(table.locator("tfoot tr")).to_contain_text("Wetteraukreis (Summe der Gemeinden)")
    expect(table.locator("tfoot tr")).to_contain_text(f"{total.need_total:,}".replace(",", "."))
    page.wait_for_selector("[data-chart='chart-region'][data-rendered='true']")
    page.wait_for_selector(".wb-map[data-rendered='25']")
    assert page.locator(".leaflet-interactive").count() == 25
    assert axe_violations(page) == []
    screenshot(page, "region-forecast", full_page=False)
