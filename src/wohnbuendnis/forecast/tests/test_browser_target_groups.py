"""End to end in Chromium: the demand by target group and the official projection beside the
own forecast draw their charts and pass axe-core."""

from __future__ import annotations

import pytest

from wohnbuendnis.forecast.models import ForecastRun, OfficialProjection
from wohnbuendnis.lib.browser_testing import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.demo_parts("forecast")
def test_target_groups_and_the_official_projection_draw_and_pass_axe(page):
    run = ForecastRun.objects.get(alliance__slug="musterstadt")
    OfficialProjection.objects.create(
        alliance=run.alliance,
        title="Landesamt 2023",
        source="Statistisches Landesamt",
        layout="tabelle",
        comparison="absolut",
        values=[[2025, 271_000.0], [2030, 273_000.0], [2040, 272_000.0]],
        file_name="land.csv",
        sha256="0" * 64,
    )
    sign_in(page, "fachamt")
    page.goto(f"/prognose/musterstadt/laeufe/{run.pk}/")
    page.wait_for_selector("[data-chart='chart-official'][data-rendered='true']")
    assert "Landesamt 2023" in page.locator("[data-chart='chart-official'] svg").inner_html()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Bedarf nach Zielgruppen").click()
    page.get_by_role("heading", name="Bedarf nach Zielgruppen", level=1).wait_for()
    for chart in ("chart-seniors", "chart-low-income", "chart-singles"):
        page.wait_for_selector(f"[data-chart='{chart}'][data-rendered='true']")
        assert page.locator(f"[data-chart='{chart}'] svg").count() == 1
    page.get_by_label("Gebiet").select_option(label="Nordstadt")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_selector("[data-chart='chart-seniors'][data-rendered='true']")
    assert "Nordstadt" in page.locator("caption").first.inner_text()
    assert axe_violations(page) == []
