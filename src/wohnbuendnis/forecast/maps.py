"""The map of a finished run: the change of the population per district from the base year to
the selected year, coloured in equal-count classes like the monitoring's maps."""

from __future__ import annotations

from typing import Any

from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast import region
from wohnbuendnis.forecast.models import CITY, ForecastRun
from wohnbuendnis.forecast.queries import Selection
from wohnbuendnis.monitoring import charts


def change_rows(run: ForecastRun, sel: Selection) -> list[dict[str, Any]]:
    """Per district (area below the inputs' area with results): population in the base year
    and in the selected year of the selected scenario, and the change in per cent; the
    largest growth first."""
    base_year = sel.years[0]
    rows = run.rows.filter(scenario=sel.scenario, year__in=(base_year, sel.year)).exclude(
        area_key=CITY
    )
    population: dict[str, dict[int, float]] = {}
    for row in rows:
        population.setdefault(row.area_key, {})[row.year] = row.population
    if run.inputs.municipalities:  # a Land's municipalities lie below its Kreise
        areas = {a.key: a for a in region.municipalities(run.inputs.area) if a.key in population}
    else:
        areas = {a.key: a for a in Area.objects.filter(parent=run.inputs.area, key__in=population)}
    result = []
    for key, values in population.items():
        start, end = values.get(base_year), values.get(sel.year)
        if key in areas and start and end is not None:
            change = 100 * (end - start) / start
            result.append({"area": areas[key], "start": start, "end": end, "change": change})
    return sorted(result, key=lambda r: -r["change"])


def map_context(run: ForecastRun, sel: Selection) -> dict[str, Any]:
    """Rows, colour of each district and the legend (colour, upper bound in per cent)."""
    rows = change_rows(run, sel)
    colours, legend = charts.class_colours({r["area"].pk: r["change"] for r in rows})
    return {"rows": rows, "colours": colours, "legend": legend}


def geojson(run: ForecastRun, sel: Selection) -> dict[str, Any]:
    data = map_context(run, sel)
    labels = {
        r["area"].pk: f"{r['area'].name}: {charts.german(r['change'], 1)} %" for r in data["rows"]
    }
    return charts.feature_collection([r["area"] for r in data["rows"]], data["colours"], labels)


def region_context(run: ForecastRun, places: list[Any]) -> dict[str, Any]:
    """The region-wide run's map: each municipality coloured by its new-construction need
    per 1,000 inhabitants of the base year (``places``: ``region.Place``), with the legend."""
    areas = {p.key: p.area for p in places if p.area is not None}
    values = {
        areas[p.key].pk: p.need_per_1000
        for p in places
        if p.key in areas and p.need_per_1000 is not None
    }
    colours, legend = charts.class_colours(values)
    labels = {
        areas[p.key].pk: f"{p.name}: {charts.german(p.need_per_1000 or 0.0, 1)} je 1.000 Einw."
        for p in places
        if p.key in areas
    }
    drawn = [a for a in areas.values() if a.geometry]
    return {"areas": drawn, "rows": drawn, "colours": colours, "legend": legend, "labels": labels}


def region_geojson(run: ForecastRun, places: list[Any]) -> dict[str, Any]:
    data = region_context(run, places)
    return charts.feature_collection(data["areas"], data["colours"], data["labels"])
