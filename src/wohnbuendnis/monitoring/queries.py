"""Read-only lookups of the monitoring pages: the areas of an alliance, observation frames,
key figures with trend and traffic light. No state changes here (those live in services.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring.models import Indicator, Light, Observation, Threshold

OBSERVATION_SCHEMA = {
    "indicator": pl.String,
    "area": pl.String,
    "year": pl.Int64,
    "value": pl.Float64,
}


def alliance_areas(alliance: Alliance) -> dict[str, Area]:
    """The alliance's area and every area below it, by key (the first one wins when two share a
    key, which the hierarchy allows only in different parents)."""
    ids = [alliance.area_id, *alliance.area.descendant_ids()]
    areas: dict[str, Area] = {}
    for area in Area.objects.filter(pk__in=ids).order_by("level", "pk"):
        areas.setdefault(area.key, area)
    return areas


def within_alliance(alliance: Alliance, area: Area) -> bool:
    node: Area | None = area
    while node is not None:
        if node.pk == alliance.area_id:
            return True
        node = node.parent
    return False


def observation_frame(
    area_ids: Iterable[int], indicator_keys: Iterable[str] | None = None
) -> pl.DataFrame:
    """``indicator, area, year, value`` (area as key text) for the given areas."""
    rows = Observation.objects.filter(area_id__in=list(area_ids))
    if indicator_keys is not None:
        rows = rows.filter(indicator__key__in=list(indicator_keys))
    values = rows.values_list("indicator__key", "area__key", "year", "value")
    return pl.DataFrame(list(values), schema=OBSERVATION_SCHEMA, orient="row")


@dataclass(frozen=True)
class KeyFigure:
    indicator: Indicator
    year: int
    value: float
    previous: float | None
    parent_value: float | None
    light: Light | None

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def trend(self) -> str:
        change = self.change
        if change is None or abs(change) < 1e-9:
            return "gleich"
        return "steigend" if change > 0 else "fallend"


def series(area: Area, indicators: Iterable[Indicator]) -> dict[int, dict[int, float]]:
    """indicator id → year → value of one area."""
    result: dict[int, dict[int, float]] = {}
    rows = Observation.objects.filter(area=area, indicator__in=list(indicators))
    for indicator_id, year, value in rows.values_list("indicator_id", "year", "value"):
        result.setdefault(indicator_id, {})[year] = value
    return result


def key_figures(alliance: Alliance, area: Area, indicators: list[Indicator]) -> list[KeyFigure]:
    """Latest value, change from the year before, the parent area's value in the same year and
    the traffic light against the alliance's threshold, for each indicator with data."""
    own = series(area, indicators)
    parent = series(area.parent, indicators) if area.parent_id else {}
    thresholds = {t.indicator_id: t for t in Threshold.objects.filter(alliance=alliance)}
    figures = []
    for indicator in indicators:
        values = own.get(indicator.pk)
        if not values:
            continue
        year = max(values)
        threshold = thresholds.get(indicator.pk)
        figures.append(
            KeyFigure(
                indicator=indicator,
                year=year,
                value=values[year],
                previous=values.get(year - 1),
                parent_value=parent.get(indicator.pk, {}).get(year),
                light=threshold.light(values[year]) if threshold else None,
            )
        )
    return figures


def quantile_classes(values: list[float], classes: int = 5) -> list[float]:
    """Upper bounds of ``classes`` equal-count classes of ``values`` (the last is the maximum)."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = [
        ordered[min(len(ordered) - 1, (len(ordered) * k) // classes)] for k in range(1, classes)
    ]
    return sorted(set([*bounds, ordered[-1]]))
