"""The monitoring's chart specs and where the pages draw them: the small-area index change per
area (Quartier) beside its table, and the barometer's comparison area only where it has data."""

from __future__ import annotations

import pytest
import vl_convert as vlc
from django.urls import reverse

from wohnbuendnis.monitoring import charts

ROWS = [
    {"area": "Mitte", "before": 0.5, "now": 0.83, "change": 0.33,
     "group_before": "mittel/stabil", "group_now": "niedrig/stabil"},
    {"area": "Altstadt", "before": -1.0, "now": -1.2, "change": -0.2,
     "group_before": "hoch/stabil", "group_now": "hoch/positiv"},
]  # fmt: skip


def test_index_change_chart_draws_both_years_per_area_sorted_by_change() -> None:
    spec = charts.index_change_chart(ROWS, "Veränderung", 2023, 2024)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "line", "point"]
    points = spec["layer"][2]
    assert points["encoding"]["x"]["field"] == "Statusindex"
    assert points["encoding"]["y"]["field"] == "Gebiet"
    assert points["encoding"]["y"]["sort"] == ["Mitte", "Altstadt"]  # largest rise first
    assert points["encoding"]["color"]["scale"]["domain"] == ["2023", "2024"]
    values = points["data"]["values"] if "data" in points else spec["layer"][1]["data"]["values"]
    assert {(v["Gebiet"], v["Jahr"], v["Statusindex"]) for v in values} == {
        ("Mitte", "2023", 0.5), ("Mitte", "2024", 0.83),
        ("Altstadt", "2023", -1.0), ("Altstadt", "2024", -1.2),
    }  # fmt: skip
    assert "Die Werte stehen in der Tabelle" in spec["description"]
    assert "<svg" in vlc.vegalite_to_svg(spec | {"width": 400})


@pytest.mark.demo_parts("monitoring")
def test_index_page_shows_the_change_chart_beside_its_table(client, fachamt):
    client.force_login(fachamt)
    response = client.get(reverse("monitoring:index", args=["musterstadt"]) + "?jahr=2024")
    html = response.content.decode()
    assert 'data-chart="chart-index-change"' in html
    assert 'id="chart-index-change"' in html  # the spec beside it (json_script)
    rows = response.context["change_rows"]
    assert len(rows) == 20 - sum(1 for r in response.context["rows"] if not r["scored"])
    assert "Statusindex je Gebiet 2023 und 2024" in html
    assert "vendor/vega/vega-embed.min.js" in html


@pytest.mark.demo_parts("monitoring")
def test_the_barometer_claims_a_comparison_only_where_one_is_drawn(client, fachamt):
    client.force_login(fachamt)
    city = client.get(reverse("monitoring:dashboard", args=["musterstadt"]))
    # the region above the city has no values in the demo: no claim, no empty column
    assert "im Vergleich mit" not in city.content.decode()
    assert not city.context["compared"]
    district = city.context["children"][0]
    page = client.get(reverse("monitoring:dashboard_area", args=["musterstadt", district.pk]))
    html = page.content.decode()
    assert f"im Vergleich mit {district.parent.name}" in html
    population = next(c for c in page.context["charts"] if c.indicator.key == "population")
    assert population.compared
    drawn = {row["Gebiet"] for row in population.spec["data"]["values"]}
    assert drawn == {district.name, district.parent.name}  # both lines are in the spec


def test_the_printed_map_draws_each_district_and_its_class() -> None:
    """GeoJSON's anticlockwise rings (right-hand rule) are turned for d3, which would draw them
    as the whole globe; each area gets its class in the legend, grey ones "ohne Wert"."""
    square = [[9.4, 51.25], [9.43, 51.25], [9.43, 51.27], [9.4, 51.27], [9.4, 51.25]]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square]},
             "properties": {"key": "01", "name": "Mitte", "color": charts.CLASS_COLOURS[0],
                            "label": "Mitte: 1"}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square[::-1]]},
             "properties": {"key": "02", "name": "Nord", "color": charts.NO_VALUE,
                            "label": "Nord: –"}},
        ],
    }  # fmt: skip
    spec = charts.choropleth_map(collection, "Karte", [(charts.CLASS_COLOURS[0], "bis 1")])
    shapes = spec["layer"][0]
    features = shapes["data"]["values"]
    assert [f["geometry"]["coordinates"][0] for f in features] == [square[::-1], square[::-1]]
    assert [f["properties"]["Klasse"] for f in features] == ["bis 1", "ohne Wert"]
    scale = shapes["encoding"]["color"]["scale"]
    assert scale == {"domain": ["bis 1", "ohne Wert"], "range": [charts.CLASS_COLOURS[0],
                                                               charts.NO_VALUE]}  # fmt: skip
    svg = vlc.vegalite_to_svg({**spec, "width": 300})
    assert "Mitte" in svg and "Nord" in svg
