"""End to end in Chromium: the pyramid as drawn in the page reads right (bars horizontal, men
left of the axis, the base year as an outline), and every page that gained a chart of issue 13
draws it and passes axe-core."""

from __future__ import annotations

import pytest

from wohnbuendnis.lib.browser_testing import axe_violations, sign_in

pytestmark = [pytest.mark.browser]

# Each drawn bar of the pyramid: its box and the sex named in its aria-label (from the
# tooltip fields, as Vega's SVG renderer writes them).
BARS = """() => Array.from(
  document.querySelectorAll("[data-chart='chart-pyramid'] path[aria-roledescription='bar']")
).map(p => { const b = p.getBBox();
  return {x: b.x, y: b.y, w: b.width, h: b.height, label: p.getAttribute('aria-label') || ''}; })"""


@pytest.mark.demo_parts("forecast")
def test_pyramid_bars_run_sideways_with_men_left_and_the_base_year_outlined(page):
    sign_in(page, "fachamt")
    page.goto("/prognose/musterstadt/")
    page.get_by_role("link", name="Bevölkerungsprognose 2024–2045").click()
    page.wait_for_selector("[data-chart='chart-pyramid'][data-rendered='true']")
    bars = page.evaluate(BARS)
    assert len(bars) == 2 * 101  # single ages 0 … 100+, two sexes
    horizontal = sum(1 for b in bars if b["w"] > b["h"])
    assert horizontal >= 0.9 * len(bars)
    men = [b for b in bars if "Geschlecht: Männer" in b["label"]]
    women = [b for b in bars if "Geschlecht: Frauen" in b["label"]]
    assert len(men) == len(women) == 101
    axis = min(b["x"] for b in women)  # the women's bars start at the centre line
    assert all(b["x"] + b["w"] <= axis + 0.5 for b in men)  # every man's bar ends there
    assert sum(b["x"] < axis - 1 for b in men) >= 95  # and reaches to the left of it
    # age 0 at the bottom: the youngest bars lie lowest (largest y in SVG coordinates)
    youngest = [b for b in men if "Alter: 0;" in b["label"] or b["label"].endswith("Alter: 0")]
    oldest = [b for b in men if "Alter: 100" in b["label"]]
    if youngest and oldest:
        assert youngest[0]["y"] > oldest[0]["y"]
    outline = page.locator("[data-chart='chart-pyramid'] path[aria-roledescription='line mark']")
    assert outline.count() == 2  # the base year, one step line per sex
    text = page.locator("[data-chart='chart-pyramid'] svg").inner_html()
    assert "Basisjahr 2024" in text and "Alter" in text and "Personen" in text
    assert axe_violations(page) == []


@pytest.mark.demo_parts("process", "allocation", "monitoring")
def test_every_page_with_a_new_chart_draws_it_and_passes_axe(page):
    sign_in(page, "koordination")
    pages = {
        "/monitoring/musterstadt/sozialmonitoring/?jahr=2024": ["chart-index-change"],
        "/handlungskonzept/musterstadt/ziele/": None,  # one chart per goal with values
        "/handlungskonzept/musterstadt/bauvorhaben/": ["chart-pipeline"],
        "/monitoring/musterstadt/": ["chart-population"],
    }
    for url, charts in pages.items():
        page.goto(url)
        ids = charts or page.eval_on_selector_all(
            "[data-chart]", "els => els.map(e => e.getAttribute('data-chart'))"
        )
        assert ids, url
        for chart in ids:
            page.wait_for_selector(f"[data-chart='{chart}'][data-rendered='true']")
            assert page.locator(f"[data-chart='{chart}'] svg").count() == 1
        assert axe_violations(page) == [], url
    page.goto("/monitoring/musterstadt/")
    assert "im Vergleich mit" not in page.content()  # the region has no values in the demo


@pytest.mark.demo_parts("allocation")
def test_the_audit_draws_the_share_placed_per_group(page):
    sign_in(page, "wohnungsamt")
    page.goto("/vermittlung/musterstadt/audit/")
    page.wait_for_selector("[data-chart='chart-audit-1'][data-rendered='true']")
    bars = page.locator("[data-chart='chart-audit-1'] path[aria-roledescription='bar']")
    assert bars.count() >= 2
    assert axe_violations(page) == []
