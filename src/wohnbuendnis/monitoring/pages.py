"""Context of the monitoring pages (read only): dashboard, map and small-area index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.analytics.monitoring import IndexConfig, compare_editions, compute_index
from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring import charts
from wohnbuendnis.monitoring.models import Indicator, Observation
from wohnbuendnis.monitoring.queries import key_figures, observation_frame, series

INDEX_INDICATORS = ("sgb2_rate", "unemployment_rate", "child_poverty_rate")
STATUS_LABELS = {
    "hoch": "hoch",
    "mittel": "mittel",
    "niedrig": "niedrig",
    "sehr_niedrig": "sehr niedrig",
}


@dataclass
class Chart:
    """A chart spec and the same numbers as a table (year, value, parent value)."""

    id: str
    indicator: Indicator
    spec: dict[str, Any]
    rows: list[tuple[int, float | None, float | None]]


def indicator_chart(indicator: Indicator, area: Area) -> Chart:
    own = series(area, [indicator]).get(indicator.pk, {})
    parent = series(area.parent, [indicator]).get(indicator.pk, {}) if area.parent_id else {}
    lines = [(area.name, own)] + ([(area.parent.name, parent)] if parent else [])
    return Chart(
        id=f"chart-{indicator.key}",
        indicator=indicator,
        spec=charts.time_series(indicator.name, indicator.unit, lines),
        rows=[(year, own.get(year), parent.get(year)) for year in sorted(set(own) | set(parent))],
    )


def dashboard(alliance: Alliance, area: Area, *, public: bool = False) -> dict[str, Any]:
    indicators = Indicator.objects.filter(is_key_figure=True)
    if public:
        indicators = indicators.filter(is_public=True)
    figures = key_figures(alliance, area, list(indicators))
    return {
        "area": area,
        "figures": figures,
        "charts": [indicator_chart(f.indicator, area) for f in figures],
        "children": area.children.order_by("key"),
        "trail": area.ancestors(),
    }


def years_of(indicator: Indicator, areas: list[Area]) -> list[int]:
    rows = Observation.objects.filter(indicator=indicator, area__in=areas)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def choropleth(indicator: Indicator, year: int, areas: list[Area]) -> dict[str, Any]:
    """Values, colour classes and legend of ``indicator`` in ``year`` for ``areas``."""
    values = dict(
        Observation.objects.filter(indicator=indicator, year=year, area__in=areas).values_list(
            "area_id", "value"
        )
    )
    colours, legend = charts.class_colours(values)
    rows = sorted(
        ((area, values.get(area.pk)) for area in areas),
        key=lambda row: (row[1] is None, -(row[1] or 0)),
    )
    return {"values": values, "colours": colours, "legend": legend, "rows": rows}


def map_geojson(indicator: Indicator, year: int, areas: list[Area]) -> dict[str, Any]:
    data = choropleth(indicator, year, areas)
    labels = {
        pk: f"{area.name}: {charts.german(value, indicator.decimals)} {indicator.unit}"
        for area in areas
        if (pk := area.pk) in data["values"] and (value := data["values"][pk]) is not None
    }
    return charts.feature_collection(areas, data["colours"], labels)


def index_years(areas: list[Area]) -> list[int]:
    rows = Observation.objects.filter(indicator__key=INDEX_INDICATORS[0], area__in=areas)
    years = sorted(set(rows.values_list("year", flat=True)))
    return [y for y in years if y - 2 in years][::-1]


def _index(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    return compute_index(frame, IndexConfig(indicators=INDEX_INDICATORS, year=year))


def small_area_index(areas: list[Area], year: int) -> dict[str, Any]:
    """The status/dynamics index of ``areas`` in ``year`` and the change from ``year - 1``."""
    frame = observation_frame([a.pk for a in areas], [*INDEX_INDICATORS, "population"])
    result = _index(frame, year)
    by_key = {area.key: area for area in areas}
    values = frame.filter(pl.col("year") == year).pivot(
        on="indicator", index="area", values="value", aggregate_function="first"
    )
    value_of = {row["area"]: row for row in values.iter_rows(named=True)}
    rows = [
        {**row, "area_obj": by_key[row["area"]], "values": value_of.get(row["area"], {})}
        for row in result.iter_rows(named=True)
    ]
    changes = []
    if year - 1 in index_years(areas):
        compared = compare_editions(_index(frame, year - 1), result)
        changes = [
            {**row, "area_obj": by_key[row["area"]]}
            for row in compared.filter(pl.col("change") != "same").iter_rows(named=True)
        ]
    return {
        "rows": rows,
        "conspicuous": [row for row in rows if row["conspicuous"]],
        "changes": changes,
        "classes": _class_counts(result),
    }


def _class_counts(result: pl.DataFrame) -> list[tuple[str, str, int]]:
    counts = dict(result.filter(pl.col("scored")).group_by("status_class").len().iter_rows())
    return [(STATUS_LABELS[c], charts.STATUS_COLOURS[c], counts.get(c, 0)) for c in STATUS_LABELS]


def index_geojson(areas: list[Area], year: int) -> dict[str, Any]:
    frame = observation_frame([a.pk for a in areas], [*INDEX_INDICATORS, "population"])
    result = _index(frame, year)
    by_key = {area.key: area for area in areas}
    colours, labels = {}, {}
    for row in result.iter_rows(named=True):
        area = by_key[row["area"]]
        if row["scored"]:
            colours[area.pk] = charts.STATUS_COLOURS[row["status_class"]]
            labels[area.pk] = (
                f"{area.name}: Status {STATUS_LABELS[row['status_class']]}, "
                f"Dynamik {row['dynamics_class']}"
            )
    return charts.feature_collection(areas, colours, labels)
