"""Context of the monitoring pages (read only): dashboard, map and small-area index."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib import caching
from wohnbuendnis.monitoring import charts
from wohnbuendnis.monitoring.engine import IndexConfig, compare_editions, compute_index
from wohnbuendnis.monitoring.models import IndexSettings, Indicator, Observation
from wohnbuendnis.monitoring.queries import (
    SHOWN,
    area_and_parent_series,
    key_figures,
    observation_frame,
    public_indicators,
)

# The index's classes (keys of analytics.monitoring.index) as people read them.
STATUS_LABELS = {
    "hoch": gettext_lazy("hoch"),
    "mittel": gettext_lazy("mittel"),
    "niedrig": gettext_lazy("niedrig"),
    "sehr_niedrig": gettext_lazy("sehr niedrig"),
}
DYNAMICS_LABELS = {
    "positiv": gettext_lazy("positiv"),
    "stabil": gettext_lazy("stabil"),
    "negativ": gettext_lazy("negativ"),
}


def class_label(key: str | None) -> str:
    """A status or dynamics class, or a group ``sehr_niedrig/positiv``, as people read it."""
    if not key:
        return "–"
    status, _sep, dynamics = key.partition("/")
    label = str(STATUS_LABELS.get(status, DYNAMICS_LABELS.get(status, status)))
    return f"{label}/{DYNAMICS_LABELS.get(dynamics, dynamics)}" if dynamics else label


@dataclass
class Chart:
    """A chart spec and the same numbers as a table (year, value, parent value)."""

    id: str
    indicator: Indicator
    lines: list[tuple[str, dict[int, float]]]
    rows: list[tuple[int, float | None, float | None]]

    @cached_property
    def spec(self) -> dict[str, Any]:
        """Built when first used: a page whose charts come from the cache needs none."""
        return charts.time_series(self.indicator.name, self.indicator.unit, self.lines)

    @property
    def compared(self) -> bool:
        """Whether the comparison area (the parent) has values, i.e. is drawn as a line."""
        return any(parent is not None for _year, _own, parent in self.rows)


def indicator_chart(
    indicator: Indicator,
    area: Area,
    values: tuple[dict[int, dict[int, float]], dict[int, dict[int, float]]] | None = None,
) -> Chart:
    """The time series of ``area`` and its parent; ``values``: their (own, parent) series when
    the caller has them already (the dashboard reads all indicators in one query)."""
    if values is None:
        values = area_and_parent_series(area, [indicator])
    own_all, parent_all = values
    own, parent = own_all.get(indicator.pk, {}), parent_all.get(indicator.pk, {})
    lines = [(area.name, own)] + ([(area.parent.name, parent)] if parent else [])
    return Chart(
        id=f"chart-{indicator.key}",
        indicator=indicator,
        lines=lines,
        rows=[(year, own.get(year), parent.get(year)) for year in sorted(set(own) | set(parent))],
    )


def dashboard(alliance: Alliance, area: Area, *, public: bool = False) -> dict[str, Any]:
    indicators = public_indicators(alliance) if public else Indicator.objects.for_alliance(alliance)
    indicators = indicators.filter(is_key_figure=True)
    indicators = list(indicators)
    values = area_and_parent_series(area, indicators)
    figures = key_figures(alliance, area, indicators, values)
    shown = [indicator_chart(f.indicator, area, values) for f in figures]
    context = {
        "area": area,
        "figures": figures,
        "charts": shown,
        # the page says "im Vergleich mit …" only where the comparison area is drawn
        "compared": any(chart.compared for chart in shown),
        # the public barometer shows neither sub-areas nor the areas above
        "children": [] if public else list(area.children.order_by("key")),
        "trail": [] if public else area.ancestors(),
    }
    context["fragment_key"] = _fragment_key(alliance, context, public)
    return context


def _fragment_key(alliance: Alliance, context: dict[str, Any], public: bool) -> str:
    """Key of the barometer's cached figures and tables (``{% cache %}`` in the templates,
    which add the language): made of everything they show – the figures, every table row,
    the names of the indicators, areas, sub-areas and areas above – so a changed value, name,
    threshold or sub-area gives a new key, and nothing has to be forgotten. Nothing of the
    person asking is in it (the permission-dependent parts of the page lie outside)."""
    area = context["area"]
    parent = area.parent.name if area.parent_id else None
    indicators = [f.indicator for f in context["figures"]]
    shown = (
        public,
        (alliance.slug, alliance.name, alliance.area_id),
        (area.pk, area.name, parent),
        [(f.year, f.value, f.previous, f.parent_value, f.light) for f in context["figures"]],
        [(c.id, c.rows) for c in context["charts"]],
        [(i.pk, i.key, i.name, i.unit, i.decimals, i.reading_aid, i.source) for i in indicators],
        [(a.pk, a.name) for a in (*context["children"], *context["trail"])],
    )
    return caching.key("barometer-html", caching.release("monitoring"), repr(shown))


def years_of(indicator: Indicator, areas: list[Area]) -> list[int]:
    rows = Observation.objects.filter(SHOWN, indicator=indicator, area__in=areas)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def choropleth(indicator: Indicator, year: int, areas: list[Area]) -> dict[str, Any]:
    """Values, colour classes and legend of ``indicator`` in ``year`` for ``areas``."""
    values = dict(
        Observation.objects.filter(
            SHOWN, indicator=indicator, year=year, area__in=areas
        ).values_list("area_id", "value")
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


def index_years(areas: list[Area], settings: IndexSettings) -> list[int]:
    """Years with data of the first index indicator and of the year ``dynamics_lag`` before."""
    rows = Observation.objects.filter(SHOWN, indicator__key=settings.indicators[0], area__in=areas)
    years = sorted(set(rows.values_list("year", flat=True)))
    return [y for y in years if y - settings.dynamics_lag in years][::-1]


def _config(settings: IndexSettings, year: int) -> IndexConfig:
    return IndexConfig(
        indicators=tuple(settings.indicators),
        year=year,
        dynamics_lag=settings.dynamics_lag,
        min_population=settings.min_population,
    )


def _frame(areas: list[Area], settings: IndexSettings) -> pl.DataFrame:
    return observation_frame([a.pk for a in areas], [*settings.indicators, "population"])


def small_area_index(areas: list[Area], year: int, settings: IndexSettings) -> dict[str, Any]:
    """The status/dynamics index of ``areas`` in ``year`` by the alliance's ``settings`` and
    the change from ``year - 1``."""
    frame = _frame(areas, settings)
    result = compute_index(frame, _config(settings, year))
    by_key = {area.key: area for area in areas}
    values = frame.filter(pl.col("year") == year).pivot(
        on="indicator", index="area", values="value", aggregate_function="first"
    )
    value_of = {row["area"]: row for row in values.iter_rows(named=True)}
    rows = [
        {
            **row,
            "area_obj": by_key[row["area"]],
            "values": [value_of.get(row["area"], {}).get(k) for k in settings.indicators],
        }
        for row in result.iter_rows(named=True)
    ]
    changes, change_rows = [], []
    if year - 1 in index_years(areas, settings):
        previous = compute_index(frame, _config(settings, year - 1))
        compared = compare_editions(previous, result)
        changes = [
            {**row, "area_obj": by_key[row["area"]]}
            for row in compared.filter(pl.col("change") != "same").iter_rows(named=True)
        ]
        change_rows = _change_rows(previous, result, by_key)
    catalogue = {i.key: i for i in Indicator.objects.filter(key__in=settings.indicators)}
    return {
        "index_indicators": [catalogue[k] for k in settings.indicators if k in catalogue],
        "rows": rows,
        "conspicuous": [row for row in rows if row["conspicuous"]],
        "changes": changes,
        "change_rows": change_rows,
        "change_chart": charts.index_change_chart(
            change_rows, f"Veränderung des Statusindex {year - 1}–{year}", year - 1, year
        )
        if change_rows
        else None,
        "classes": _class_counts(result),
    }


def _change_rows(
    previous: pl.DataFrame, result: pl.DataFrame, by_key: dict[str, Area]
) -> list[dict[str, Any]]:
    """Per area scored in both years: the status index before and now, its change and the
    class group before and now, largest rise first (what the change chart draws)."""
    before = {r["area"]: r for r in previous.filter(pl.col("scored")).iter_rows(named=True)}
    rows = []
    for row in result.filter(pl.col("scored")).iter_rows(named=True):
        old = before.get(row["area"])
        if old is None:
            continue
        rows.append(
            {
                "area": by_key[row["area"]].name,
                "before": round(old["status_index"], 3),
                "now": round(row["status_index"], 3),
                "change": round(row["status_index"] - old["status_index"], 3),
                "group_before": class_label(old["group"]),
                "group_now": class_label(row["group"]),
            }
        )
    return sorted(rows, key=lambda r: -r["change"])


def _class_counts(result: pl.DataFrame) -> list[tuple[str, str, int]]:
    counts = dict(result.filter(pl.col("scored")).group_by("status_class").len().iter_rows())
    return [(class_label(c), charts.STATUS_COLOURS[c], counts.get(c, 0)) for c in STATUS_LABELS]


def index_geojson(areas: list[Area], year: int, settings: IndexSettings) -> dict[str, Any]:
    result = compute_index(_frame(areas, settings), _config(settings, year))
    by_key = {area.key: area for area in areas}
    colours, labels = {}, {}
    for row in result.iter_rows(named=True):
        area = by_key[row["area"]]
        if row["scored"]:
            colours[area.pk] = charts.STATUS_COLOURS[row["status_class"]]
            labels[area.pk] = _("%(area)s: Status %(status)s, Dynamik %(dynamics)s") % {
                "area": area.name,
                "status": class_label(row["status_class"]),
                "dynamics": class_label(row["dynamics_class"]),
            }
    return charts.feature_collection(areas, colours, labels)
