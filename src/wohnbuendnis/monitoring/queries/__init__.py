"""Read-only lookups of the monitoring pages: the areas of an alliance, observation frames,
key figures with trend and traffic light. No state changes here (those live in services)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib import caching
from wohnbuendnis.monitoring.engine import MAX_MAGNITUDE
from wohnbuendnis.monitoring.models import (
    IndexSettings,
    Indicator,
    Light,
    Observation,
    Threshold,
)

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


def public_indicators(alliance: Alliance):
    """The indicators whose series the public sees (public barometer, open data): the
    catalogue's and the alliance's own, marked public."""
    return Indicator.objects.for_alliance(alliance).filter(is_public=True)


def index_settings(alliance: Alliance) -> IndexSettings:
    """The alliance's index settings in force (the defaults of the spec, unsaved, if none)."""
    current = IndexSettings.objects.filter(alliance=alliance).first()
    if current is not None:
        return current
    return IndexSettings(alliance=alliance, indicators=list(IndexSettings.DEFAULT_INDICATORS))


def within_alliance(alliance: Alliance, area: Area) -> bool:
    node: Area | None = area
    while node is not None:
        if node.pk == alliance.area_id:
            return True
        node = node.parent
    return False


#: Stored values the pages show: finite and of a plausible size (the readers and the correction
#: form refuse others; values stored before they did – NaN, 1e308 – are shown as missing).
#: NaN sorts above every number in PostgreSQL, so the upper bound also leaves it out.
SHOWN = Q(value__gte=-MAX_MAGNITUDE, value__lte=MAX_MAGNITUDE)


def observation_frame(
    area_ids: Iterable[int], indicator_keys: Iterable[str] | None = None
) -> pl.DataFrame:
    """``indicator, area, year, value`` (area as key text) for the given areas."""
    rows = Observation.objects.filter(SHOWN, area_id__in=list(area_ids))
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
    return series_of_areas([area], indicators).get(area.pk, {})


def series_of_areas(
    areas: Iterable[Area | None], indicators: Iterable[Indicator]
) -> dict[int, dict[int, dict[int, float]]]:
    """area id → indicator id → year → value, in one query (``None`` areas are left out)."""
    result: dict[int, dict[int, dict[int, float]]] = {}
    ids = [area.pk for area in areas if area is not None]
    rows = Observation.objects.filter(SHOWN, area_id__in=ids, indicator__in=list(indicators))
    for area_id, indicator_id, year, value in rows.values_list(
        "area_id", "indicator_id", "year", "value"
    ):
        result.setdefault(area_id, {}).setdefault(indicator_id, {})[year] = value
    return result


#: The barometer's cached series (``area_series``) carry this family's generation in their key;
#: :func:`forget_barometer` starts a new one.
BAROMETER = "barometer"
#: Without Redis every server process has its own cache, and a new generation reaches only the
#: process that made it: there the barometer's series are kept only this many seconds.
LOCAL_BAROMETER_SECONDS = 10


def area_series(area_ids: Iterable[int]) -> dict[int, dict[int, dict[int, float]]]:
    """area id → indicator id → year → value of every shown observation of those areas, from
    the cache (kept until the next import or correction, see :func:`forget_barometer`); the
    areas not cached are read in one query."""
    ids = list(dict.fromkeys(area_ids))
    generation = caching.generation(BAROMETER)
    keys = {area_id: caching.key(BAROMETER, generation, area_id) for area_id in ids}
    found = cache.get_many(list(keys.values()))
    result = {area_id: found[k] for area_id, k in keys.items() if k in found}
    missing = [area_id for area_id in ids if area_id not in result]
    if missing:
        read: dict[int, dict[int, dict[int, float]]] = {area_id: {} for area_id in missing}
        rows = Observation.objects.filter(SHOWN, area_id__in=missing)
        for area_id, indicator_id, year, value in rows.values_list(
            "area_id", "indicator_id", "year", "value"
        ):
            read[area_id].setdefault(indicator_id, {})[year] = value
        timeout = None if caching.shared() else LOCAL_BAROMETER_SECONDS
        cache.set_many({keys[area_id]: read[area_id] for area_id in missing}, timeout)
        result.update(read)
    return result


def forget_barometer() -> None:
    """The one invalidation of the barometer's cached series: called by every service that
    writes observations (imports, their undoing, corrections, recorded and aggregated
    figures). A new generation now, so this process reads the database again, and once more
    when the transaction commits, so nothing read by another request in between is kept."""
    caching.bump(BAROMETER)
    transaction.on_commit(lambda: caching.bump(BAROMETER))


def area_and_parent_series(
    area: Area, indicators: Iterable[Indicator]
) -> tuple[dict[int, dict[int, float]], dict[int, dict[int, float]]]:
    """(own, parent) series of ``area`` and its parent (empty without one) of ``indicators``,
    from the barometer's cache (one query for what is not cached)."""
    parent_id = area.parent_id
    both = area_series([area.pk] if parent_id is None else [area.pk, parent_id])
    wanted = {indicator.pk for indicator in indicators}

    def of(area_id: int | None) -> dict[int, dict[int, float]]:
        if area_id is None:
            return {}
        return {pk: years for pk, years in both.get(area_id, {}).items() if pk in wanted}

    return of(area.pk), of(parent_id)


def key_figures(
    alliance: Alliance,
    area: Area,
    indicators: list[Indicator],
    values: tuple[dict[int, dict[int, float]], dict[int, dict[int, float]]] | None = None,
) -> list[KeyFigure]:
    """Latest value, change from the year before, the parent area's value in the same year and
    the traffic light against the alliance's threshold, for each indicator with data.
    ``values``: the (own, parent) series when the caller has them already."""
    own, parent = values if values is not None else area_and_parent_series(area, indicators)
    thresholds = {t.indicator_id: t for t in Threshold.objects.filter(alliance=alliance)}
    figures = []
    for indicator in indicators:
        values_of = own.get(indicator.pk)
        if not values_of:
            continue
        year = max(values_of)
        threshold = thresholds.get(indicator.pk)
        figures.append(
            KeyFigure(
                indicator=indicator,
                year=year,
                value=values_of[year],
                previous=values_of.get(year - 1),
                parent_value=parent.get(indicator.pk, {}).get(year),
                light=threshold.light(values_of[year]) if threshold else None,
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


def observed_values(
    keys: Iterable[tuple[str, int]],
) -> dict[tuple[str, int], dict[int, tuple[float, str]]]:
    """(indicator key, area id) → year → (value, source) of the observations of those keys,
    in one query (e.g. the actual values of the action concept's goals)."""
    keys = {(key, area_id) for key, area_id in keys if key and area_id}
    result: dict[tuple[str, int], dict[int, tuple[float, str]]] = {}
    if not keys:
        return result
    rows = Observation.objects.filter(
        SHOWN, indicator__key__in={k for k, _ in keys}, area_id__in={a for _, a in keys}
    ).values_list("indicator__key", "area_id", "year", "value", "source")
    for key, area_id, year, value, source in rows:
        if (key, area_id) in keys:
            result.setdefault((key, area_id), {})[year] = (value, source)
    return result
