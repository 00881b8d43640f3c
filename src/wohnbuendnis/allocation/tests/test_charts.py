"""The audit charts: share placed per group with its 95 % interval; each landlord's groups
against all its other nominees with the four-fifths line."""

from __future__ import annotations

import pytest
import vl_convert as vlc
from django.urls import reverse

from wohnbuendnis.allocation import charts
from wohnbuendnis.allocation.queries import Cell, Table


def test_wilson_interval_holds_the_share_and_narrows_with_more_decisions() -> None:
    low, high = charts.wilson(8, 10)
    assert low < 0.8 < high
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)  # the textbook values
    wide, narrow = charts.wilson(8, 10), charts.wilson(80, 100)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]


def test_audit_chart_leaves_out_small_cells_and_draws_interval_and_threshold() -> None:
    cells = [Cell("deutsch", 20, 16, ratio=1.6), Cell("andere", 10, 2, ratio=0.25, flagged=True),
             Cell("klein", 3, 3)]  # fmt: skip
    rows = charts.audit_rows(cells)
    assert [r["Gruppe"] for r in rows] == ["deutsch", "andere"]
    assert rows[1]["Bewertung"] == "auffällig" and rows[0]["Bewertung"] == "unauffällig"
    spec = charts.audit_chart(rows, "Annahmequote nach Staatsangehörigkeit")
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "rule", "tick", "tick"]
    assert spec["layer"][0]["encoding"]["x"]["field"] == "Quote"
    assert spec["layer"][1]["encoding"]["x"]["field"] == "von"
    assert spec["layer"][1]["encoding"]["x2"]["field"] == "bis"
    assert "<svg" in vlc.vegalite_to_svg(spec | {"width": 400}, format_locale="de-DE")


def test_comparison_chart_places_each_landlords_groups_against_the_others() -> None:
    compared = [
        Cell("deutsch", 40, 20, ratio=2.0, other_rate=0.25, p_value=0.01),
        Cell("Drittstaat", 40, 10, ratio=0.5, other_rate=0.5, p_value=0.02, flagged=True),
        Cell("klein", 3, 0),  # not compared
    ]
    tables = [Table("", "nationality", compared), Table("Nordwohnen", "nationality", compared)]
    rows = charts.comparison_rows(tables)  # the overall table ("") is not a landlord
    assert [(r["Vergleich"], r["Verhältnis"], r["Bewertung"]) for r in rows] == [
        ("Nordwohnen – deutsch", 2.0, "unauffällig"),
        ("Nordwohnen – Drittstaat", 0.5, "auffällig"),
    ]
    spec = charts.comparison_chart(rows, "Staatsangehörigkeit je Vermieter")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["point", "rule", "rule"]
    assert spec["layer"][1]["data"]["values"] == [{"Grenze": 1.0}]
    assert spec["layer"][2]["data"]["values"] == [{"Grenze": 0.8}]
    assert "<svg" in vlc.vegalite_to_svg(spec | {"width": 400}, format_locale="de-DE")


@pytest.mark.demo_parts("allocation")
def test_audit_page_shows_a_chart_beside_each_dimension_table(client, wohnungsamt):
    client.force_login(wohnungsamt)
    response = client.get(reverse("allocation:audit", args=["musterstadt"]))
    html = response.content.decode()
    charted = [d for d in response.context["tables"] if d[3] is not None]
    assert charted
    for number in range(1, len(response.context["tables"]) + 1):
        if response.context["tables"][number - 1][3] is not None:
            assert f'data-chart="chart-audit-{number}"' in html
    assert "95-%-Intervall" in html
    assert 'data-chart="chart-compare-1"' in html  # nationality: the landlords' comparisons
    assert "Vier-Fünftel-Regel und Fisher-Test" in html
