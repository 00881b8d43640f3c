"""Chart specs (Vega-Lite, built with Altair) and map layers (GeoJSON) of the monitoring pages.

Specs carry their data inline; the browser renders them with vega-embed (``static/monitoring/
monitoring.js``) without eval. Every chart and map has a table beside it on the page.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt

from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring.queries import quantile_classes

# Colour-blind-safe pair: the area itself and its parent for comparison.
AREA_COLOURS = ["#0b3d91", "#b35900"]
# Sequential blues (ColorBrewer) for choropleths; grey = no value.
CLASS_COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_VALUE = "#d9d9d9"
STATUS_COLOURS = {
    "hoch": "#1a9850",
    "mittel": "#a6d96a",
    "niedrig": "#fdae61",
    "sehr_niedrig": "#d73027",
}


def time_series(
    title: str, unit: str, series: Iterable[tuple[str, Mapping[int, float]]]
) -> dict[str, Any]:
    """A line chart of one indicator: one line per (area name, year → value).

    Altair builds the spec once per number of lines (it validates every channel, ≈ 20 ms a
    chart); the data, title, unit and area names are then filled into a copy of it."""
    rows = _rows(series)
    names = list(dict.fromkeys(row["Gebiet"] for row in rows))
    spec = json.loads(_time_series_template(len(names)))
    spec["data"]["values"] = rows
    spec["title"] = title
    spec["encoding"]["y"]["title"] = unit
    spec["encoding"]["color"]["scale"]["domain"] = names
    spec["encoding"]["strokeDash"]["sort"] = names
    return spec


def _rows(series: Iterable[tuple[str, Mapping[int, float]]]) -> list[dict[str, Any]]:
    return [
        {"Gebiet": name, "Jahr": year, "Wert": value}
        for name, values in series
        for year, value in sorted(values.items())
    ]


@functools.cache
def _time_series_template(lines: int) -> str:
    names = [f"__area_{k}__" for k in range(lines)]
    return json.dumps(altair_time_series("__title__", "__unit__", [], names))


def altair_time_series(
    title: str, unit: str, rows: list[dict[str, Any]], names: list[str]
) -> dict[str, Any]:
    """The chart spec built directly with Altair (the template of :func:`time_series`)."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("Jahr:O", title="Jahr", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("Wert:Q", title=unit, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "Gebiet:N",
                title="Gebiet",
                scale=alt.Scale(domain=names, range=AREA_COLOURS[: len(names)] or AREA_COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("Gebiet:N", legend=None, sort=names),
            tooltip=["Gebiet:N", "Jahr:O", alt.Tooltip("Wert:Q", format=",.2~f")],
        )
        .properties(title=title, width="container", height=200)
    )
    return chart.to_dict(validate=False)


#: Colours of the index change chart: the area's status index a year before and now.
CHANGE_COLOURS = ["#8c8c8c", "#0b3d91"]


def index_change_chart(
    rows: list[dict[str, Any]], title: str, previous: int, year: int
) -> dict[str, Any]:
    """The status index of each area (Quartier) in ``previous`` and ``year``, joined by a line:
    a dumbbell per area, areas sorted by the change; ``rows``: ``area`` (name), ``before``,
    ``now`` (status index, higher = more disadvantage), ``change``, ``group_before``,
    ``group_now``. The table beside it on the page holds the same numbers."""
    before, now = str(previous), str(year)
    long = [
        {"Gebiet": row["area"], "Jahr": label, "Statusindex": row[column],
         "Veränderung": row["change"], "Gruppe": row[group]}
        for row in rows
        for label, column, group in ((before, "before", "group_before"),
                                     (now, "now", "group_now"))
        if row[column] is not None
    ]  # fmt: skip
    order = [r["area"] for r in sorted(rows, key=lambda r: -(r["change"] or 0))]
    y = alt.Y("Gebiet:N", title=None, sort=order)
    x = alt.X("Statusindex:Q", title="Statusindex (höher = ungünstiger)")
    base = alt.Chart(alt.Data(values=long))
    rule = base.mark_line(color="#8c8c8c").encode(x=x, y=y, detail="Gebiet:N")
    points = base.mark_point(filled=True, size=60).encode(
        x=x,
        y=y,
        color=alt.Color(
            "Jahr:N",
            title="Jahr",
            scale=alt.Scale(domain=[before, now], range=CHANGE_COLOURS),
            legend=alt.Legend(orient="bottom"),
        ),
        shape=alt.Shape(
            "Jahr:N",
            scale=alt.Scale(domain=[before, now], range=["circle", "diamond"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("Gebiet:N", title="Gebiet"),
            alt.Tooltip("Jahr:N", title="Jahr"),
            alt.Tooltip("Statusindex:Q", title="Statusindex", format=",.2f"),
            alt.Tooltip("Gruppe:N", title="Klasse"),
            alt.Tooltip("Veränderung:Q", title="Veränderung", format="+,.2f"),
        ],
    )
    zero = alt.Chart(alt.Data(values=[{"Statusindex": 0}])).mark_rule(
        color="#555555", strokeDash=[2, 2]
    ).encode(x="Statusindex:Q")  # fmt: skip
    description = (
        f"Statusindex je Gebiet {before} und {year}, nach der Veränderung sortiert. "
        "Die Werte stehen in der Tabelle."
    )
    return (
        alt.layer(zero, rule, points)
        .properties(
            title=title,
            description=description,
            width="container",
            height=max(120, 18 * len(rows)),
        )
        .to_dict(validate=False)
    )


def class_colours(values: Mapping[int, float]) -> tuple[dict[int, str], list[tuple[str, float]]]:
    """Colour of each area by equal-count classes of ``values`` and the legend (colour, upper
    bound)."""
    bounds = quantile_classes(list(values.values()), len(CLASS_COLOURS))
    palette = CLASS_COLOURS[len(CLASS_COLOURS) - len(bounds) :]
    colours = {}
    for area_id, value in values.items():
        index = next(i for i, bound in enumerate(bounds) if value <= bound)
        colours[area_id] = palette[index]
    return colours, list(zip(palette, bounds, strict=True))


def feature_collection(
    areas: Iterable[Area], colours: Mapping[int, str], labels: Mapping[int, str]
) -> dict[str, Any]:
    """GeoJSON of the areas that have a geometry, with fill colour and tooltip label."""
    features = [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {
                "key": area.key,
                "name": area.name,
                "color": colours.get(area.pk, NO_VALUE),
                "label": labels.get(area.pk, f"{area.name}: –"),
            },
        }
        for area in areas
        if area.geometry
    ]
    return {"type": "FeatureCollection", "features": features}


def german(value: float, decimals: int) -> str:
    """A number in German notation for tooltips: 1234.5 → "1.234,5"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def choropleth_map(
    collection: Mapping[str, Any], title: str, legend: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The areas of a GeoJSON ``collection`` (:func:`feature_collection`: the layer the map
    pages draw) as a Vega-Lite geoshape, filled with each feature's ``color``; ``legend``:
    (colour, label) of the classes, shown below the map (an area without a value is grey).
    Used where a map is printed (the reports); the numbers stand in a table beside it."""
    pairs = list(legend)
    labels = {colour: label for colour, label in pairs}
    features = [
        {
            **feature,
            "geometry": _clockwise(feature["geometry"]),
            "properties": {
                **feature["properties"],
                "Klasse": labels.get(feature["properties"]["color"], "ohne Wert"),
                "Schrift": _text_colour(feature["properties"]["color"]),
            },
        }
        for feature in collection["features"]
    ]
    domain = [label for _colour, label in pairs]
    colours = [colour for colour, _label in pairs]
    if any(f["properties"]["Klasse"] == "ohne Wert" for f in features):
        domain, colours = [*domain, "ohne Wert"], [*colours, NO_VALUE]
    shapes = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.8)
        .encode(
            color=alt.Color(
                "properties.Klasse:N",
                title=None,
                scale=alt.Scale(domain=domain, range=colours),
                sort=domain,
                legend=alt.Legend(orient="bottom", columns=3) if domain else None,
            ),
            tooltip=[alt.Tooltip("properties.label:N", title="Gebiet")],
        )
    )
    names = (
        alt.Chart(alt.Data(values=features))
        .transform_calculate(lon="geoCentroid(null, datum)[0]", lat="geoCentroid(null, datum)[1]")
        .mark_text(fontSize=8)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            text="properties.name:N",
            color=alt.Color("properties.Schrift:N", scale=None, legend=None),
        )
    )
    return (
        alt.layer(shapes, names)
        .resolve_scale(color="independent")
        .project(type="mercator")
        .properties(
            title=title,
            description=f"Karte: {title}. Die Werte stehen in der Tabelle.",
            width="container",
            height=320,
        )
        .to_dict(validate=False)
    )


def _text_colour(fill: str) -> str:
    """Black on light fills, white on dark ones (a name stays readable on every class)."""
    red, green, blue = (int(fill[k : k + 2], 16) for k in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 128 else "#1a1a1a"


def _clockwise(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """The geometry with clockwise outer rings and anticlockwise holes, as d3's spherical
    geoshapes expect (GeoJSON's right-hand rule is the reverse: read as it is, a district
    would be drawn as the whole globe without it)."""

    def ring(points: list, outer: bool) -> list:
        doubled_area = sum(
            x0 * y1 - x1 * y0 for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(points)
        )
        anticlockwise = doubled_area > 0
        return points[::-1] if anticlockwise == outer else points

    def polygon(rings: list) -> list:
        return [ring(r, outer=k == 0) for k, r in enumerate(rings)]

    if geometry.get("type") == "Polygon":
        return {**geometry, "coordinates": polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {**geometry, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    return dict(geometry)
