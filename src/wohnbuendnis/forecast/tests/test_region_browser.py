"""Issue 15 in Chromium: the region's coordinator starts the region-wide forecast and sees the
demand per municipality (the Kreis built through the monitoring's import, no demo region);
the pages pass axe-core."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.forecast import region
from wohnbuendnis.forecast.models import ForecastRun
from wohnbuendnis.forecast.tests.region_data import PLACES, musterkreis
from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser]


def test_the_coordinator_starts_the_region_wide_forecast(page, tmp_path):
    alliance = musterkreis(tmp_path)
    person = User.objects.get(username="fachamt").person
    alliance_services.grant_role(alliance, person, Role.COORDINATION, timezone.localdate())
    sign_in(page, "fachamt")
    page.goto(f"/prognose/{alliance.slug}/")
    page.get_by_role("link", name="Regionsweite Prognose: Wohnungsbedarf je Gemeinde").click()
    expect(page.get_by_text("Eine Prognose für alle 3 Gemeinden von Musterkreis")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Titel").fill("Wohnungsbedarf der Gemeinden 2054")
    page.get_by_role("button", name="Regionsweite Prognose starten").click()
    expect(page.get_by_role("heading", name="Wohnungsbedarf der Gemeinden 2054")).to_be_visible()
    table = page.locator("#bedarf-tabelle")
    assert table.locator("tbody tr").count() == 3
    for key, name, *_rest in PLACES:
        row = table.locator("tbody tr", has_text=name)
        expect(row).to_contain_text(key)
    run = ForecastRun.objects.get()
    total = region.demand(run, "gemeinden").total
    expect(table.locator("tfoot tr")).to_contain_text("Musterkreis (Summe der Gemeinden)")
    expect(table.locator("tfoot tr")).to_contain_text(f"{total.need_total:,}".replace(",", "."))
    page.wait_for_selector("[data-chart='chart-region'][data-rendered='true']")
    page.wait_for_selector(".wb-map[data-rendered='3']")
    assert page.locator(".leaflet-interactive").count() == 3
    assert axe_violations(page) == []
    screenshot(page, "region-forecast", full_page=False)
