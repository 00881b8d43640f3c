"""The action concept's chart specs: goal trends against the target, the project pipeline
stacked by status, and the pages that draw them beside their tables."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import vl_convert as vlc
from django.urls import reverse

from wohnbuendnis.concept import charts

STATUSES = ["Planung", "Baurecht", "Bau", "fertig"]


def _row(year, actual, target=None, low=None, high=None):
    return SimpleNamespace(year=year, actual=actual, target=target, low=low, high=high)


def test_goal_trend_draws_the_actual_values_against_a_target_line() -> None:
    rows = charts.goal_trend_rows([_row(2023, 280, 300), _row(2024, 320, 300)])
    spec = charts.goal_trend_chart(rows, "Z1 Neubau", "Wohnungen")
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "line"]  # target (dashed), then the actual values on top
    target, actual = spec["layer"]
    assert target["mark"]["strokeDash"] and target["encoding"]["y"]["field"] == "Soll"
    assert actual["encoding"]["y"]["field"] == "Istwert"
    assert actual["encoding"]["x"]["field"] == "Jahr"
    assert spec["data"]["values"] if "data" in spec else target["data"]["values"]
    assert "<svg" in vlc.vegalite_to_svg(spec | {"width": 300})


def test_goal_trend_of_a_corridor_draws_the_band() -> None:
    rows = charts.goal_trend_rows([_row(2024, 2.5, low=2.0, high=3.0)])
    spec = charts.goal_trend_chart(rows, "Z2 Leerstand", "%")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]
    assert spec["layer"][0]["encoding"]["y2"]["field"] == "Soll bis"


def test_pipeline_sums_dwellings_per_year_and_status_and_stacks_them() -> None:
    rows = charts.pipeline_rows(
        [("Bau", 2026, 40), ("Planung", 2026, 10), ("Bau", 2026, 5), ("fertig", 2024, 12)],
        STATUSES,
    )
    assert rows == [
        {"Jahr": 2024, "Status": "fertig", "Wohneinheiten": 12, "Reihenfolge": 3},
        {"Jahr": 2026, "Status": "Planung", "Wohneinheiten": 10, "Reihenfolge": 0},
        {"Jahr": 2026, "Status": "Bau", "Wohneinheiten": 45, "Reihenfolge": 2},
    ]
    spec = charts.pipeline_chart(rows, STATUSES, "Wohneinheiten nach Status und Jahr")
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "bar"
    assert enc["x"]["field"] == "Jahr" and enc["y"]["stack"] == "zero"
    assert enc["color"]["field"] == "Status" and enc["color"]["scale"]["domain"] == STATUSES
    assert "<svg" in vlc.vegalite_to_svg(spec | {"width": 300})


@pytest.mark.demo_parts("process", "monitoring")
def test_goal_and_project_pages_draw_their_charts_beside_tables(client, koordination):
    client.force_login(koordination)
    goals = client.get(reverse("concept:goals", args=["musterstadt"]))
    html = goals.content.decode()
    assert goals.context["trends"]
    for trend in goals.context["trends"]:
        assert f'data-chart="{trend["id"]}"' in html
    assert "Zielverlauf: Istwerte gegen das Soll" in html
    projects = client.get(reverse("concept:projects", args=["musterstadt"]))
    html = projects.content.decode()
    assert 'data-chart="chart-pipeline"' in html
    table = projects.context["pipeline_table"]
    total = sum(t for _year, _values, t in table["rows"])
    assert total == projects.context["totals"]["dwellings"]
