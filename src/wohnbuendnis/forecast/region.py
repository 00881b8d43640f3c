"""The region-wide forecast (issue 15, item 4): the inputs of one run for all municipalities
of a Kreis or a Land, derived from the monitoring's figures per municipality, and the demand
table of a finished run.

The monitoring is the one source: population (with the shares under 18, 65+, 75+ and 80+ and
the women where a municipality reports them), households, dwellings, in- and out-migration,
planned completions or, where a municipality reports none, its building permits. The pure part
(``analytics.forecast.region``) splits the age groups into single ages (raked to the women
where known) and writes an ordinary input folder; it is stored as the run's inputs like an
upload (downloadable, reproducible). The forecast reads the monitoring, never the other way
round."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.forecast import archive
from wohnbuendnis.forecast.engine import region_engine as pure
from wohnbuendnis.forecast.models import CITY, ForecastRun, RunStatus
from wohnbuendnis.lib import caching
from wohnbuendnis.monitoring.queries import observed_values
from wohnbuendnis.monitoring.templatetags.monitoring import number

HORIZON_YEARS = 30  # the default horizon: 30 years after the base year
#: The shares of the persons aged at least … (age → indicator), the oldest groups' thresholds.
FROM_AGE = {65: "share_65_plus", 75: "share_75_plus", 80: "share_80_plus"}
SHARES = ("share_under_18", *FROM_AGE.values())
KEYS = (
    "population", "population_female", *SHARES, "households", "dwellings", "in_migration",
    "out_migration", "planned_completions", "permits",
)  # fmt: skip

# Re-exported for the views and templates (the app reaches analytics through its modules).
DemandRow = pure.DemandRow
DemandTable = pure.DemandTable


def municipalities(area: Area) -> list[Area]:
    """The municipalities below ``area`` (a Kreis or a Land), by official key."""
    return list(
        Area.objects.filter(pk__in=area.descendant_ids(), level=AreaLevel.MUNICIPALITY).order_by(
            "key"
        )
    )


def _base_year(places: list[Area], observed: dict) -> int:
    """The latest year in which every municipality reports its population."""
    years = [set(observed.get(("population", p.pk), {})) for p in places]
    common = set.intersection(*years) if years else set()
    if not common:
        missing = [p.name for p, y in zip(places, years, strict=True) if not y][:5]
        raise ValidationError(
            _(
                "Für die regionsweite Prognose braucht jede Gemeinde ihre Einwohnerzahl in einem "
                "gemeinsamen Jahr; es fehlen Werte (z. B. %(names)s). Bitte zuerst die "
                "Bevölkerung je Gemeinde importieren."
            )
            % {"names": ", ".join(missing) or _("keine gemeinsamen Jahre")}
        )
    return max(common)


def figures(area: Area, horizon: int | None = None) -> tuple[list[Area], pure.Municipalities]:
    """The municipalities below ``area`` and what the monitoring knows of them in the base
    year (the latest year all report their population); refused without municipalities."""
    places = municipalities(area)
    if not places:
        raise ValidationError(
            _(
                "Unter %(area)s liegen keine Gemeinden; die regionsweite Prognose braucht die "
                "Gemeinden des Gebiets (z. B. aus dem Import der Gemeindegrenzen)."
            )
            % {"area": area.name}
        )
    observed = observed_values((key, p.pk) for p in places for key in KEYS)
    base = _base_year(places, observed)
    horizon = horizon or base + HORIZON_YEARS

    def at(key: str, place: Area) -> float:
        value = observed.get((key, place.pk), {}).get(base)
        return math.nan if value is None else float(value[0])

    def series(key: str, place: Area) -> dict[int, float]:
        return {y: v for y, (v, _s) in observed.get((key, place.pk), {}).items()}

    population = np.array([at("population", p) for p in places])
    groups = tuple(
        _groups(
            place,
            total,
            at("share_under_18", place),
            {a: at(k, place) for a, k in FROM_AGE.items()},
        )
        for total, place in zip(population.tolist(), places, strict=True)
    )
    women = _women(places, population, [at("population_female", p) for p in places], base)
    completions = np.stack(
        [
            pure.planned_completions(
                base,
                horizon,
                {y: v for y, v in series("planned_completions", p).items() if y > base},
                {y: v for y, v in series("permits", p).items() if y <= base},
            )
            for p in places
        ]
    )
    data = pure.Municipalities(
        keys=tuple(p.key for p in places),
        base_year=base,
        groups=groups,
        population=population,
        women=women,
        households=np.array([at("households", p) for p in places]),
        dwellings=np.array([at("dwellings", p) for p in places]),
        in_migration=np.array([at("in_migration", p) for p in places]),
        out_migration=np.array([at("out_migration", p) for p in places]),
        completions=completions,
    )
    return places, data


def _women(places: list[Area], population: np.ndarray, women: list[float], year: int) -> np.ndarray:
    """The women of each municipality (NaN where not reported); refused (naming it) where a
    municipality reports more women than inhabitants."""
    for place, total, female in zip(places, population.tolist(), women, strict=True):
        if female > total or female < 0:
            raise ValidationError(
                _(
                    "%(place)s (%(key)s) meldet für %(year)s %(women)s Einwohnerinnen bei "
                    "%(total)s Einwohnern; bitte die Bevölkerung nach Geschlecht im Monitoring "
                    "prüfen."
                )
                % {
                    "place": place.name,
                    "key": place.key,
                    "year": year,
                    "women": number(female, 0),
                    "total": number(total, 0),
                }
            )
    return np.array(women, dtype=float)


def _groups(
    place: Area, total: float, under_18: float, from_age: dict[int, float]
) -> tuple[pure.AgeGroup, ...]:
    """The age groups of ``place`` from its shares; refused (naming it) where they contradict
    each other."""
    try:
        return tuple(pure.groups_from_shares(total, under_18, from_age))
    except pure.InconsistentShares as error:
        raise ValidationError(
            _(
                "Die Altersanteile von %(place)s (%(key)s) widersprechen sich: "
                "%(older_share)s %% sind %(older)s Jahre und älter, aber nur %(younger_share)s %% "
                "%(younger)s Jahre und älter. Bitte die Anteile im Monitoring prüfen."
            )
            % {
                "place": place.name,
                "key": place.key,
                "older": error.older,
                "older_share": number(error.older_share, 1),
                "younger": error.younger,
                "younger_share": number(error.younger_share, 1),
            }
        ) from None
    except ValueError as error:  # a negative share
        raise ValidationError(
            _("Die Altersanteile von %(place)s (%(key)s) sind ungültig (%(e)s).")
            % {"place": place.name, "key": place.key, "e": error}
        ) from None


def write_folder(data: pure.Municipalities, folder, horizon: int) -> None:
    try:
        pure.write_region_folder(data, folder, horizon)
    except ValueError as error:  # age groups the total cannot hold
        raise ValidationError(
            _("Die Altersgruppen einer Gemeinde passen nicht zu ihrer Einwohnerzahl (%(e)s).")
            % {"e": error}
        ) from None


# --- the result page ---------------------------------------------------------------------------


def region_runs(alliance) -> Any:
    """The alliance's region-wide runs, newest first."""
    return alliance.forecast_runs.filter(inputs__municipalities=True).select_related("inputs__area")


@dataclass(frozen=True)
class Place:
    """A municipality's row of the demand table with its name."""

    name: str
    row: pure.DemandRow
    area: Area | None = None

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def need_per_1000(self) -> float | None:
        people = self.row.population_start
        return 1000 * self.row.need_total / people if people else None


def scenarios(run: ForecastRun) -> list[str]:
    return list(run.rows.order_by("scenario").values_list("scenario", flat=True).distinct())


def _arrays(run: ForecastRun, scenario: str) -> tuple[list[str], np.ndarray, dict[str, Any]]:
    rows = run.rows.filter(scenario=scenario).exclude(area_key=CITY).order_by("area_key", "year")
    values = list(
        rows.values_list(
            "area_key", "year", "population", "households", "new_construction_need", "completions"
        )
    )
    keys = sorted({v[0] for v in values})
    years = np.array(sorted({v[1] for v in values}))
    index = {k: i for i, k in enumerate(keys)}
    shape = (len(years), len(keys))
    fields = {name: np.zeros(shape) for name in ("population", "households", "need", "done")}
    for key, year, people, homes, need, done in values:
        y, a = year - years[0], index[key]
        fields["population"][y, a] = people
        fields["households"][y, a] = homes or 0.0
        fields["need"][y, a] = need or 0.0
        fields["done"][y, a] = done or 0.0
    by_size = archive.read_table(run.results, "households_by_size")
    small = np.zeros(shape)
    if not by_size.is_empty():
        ones = by_size.filter((pl.col("scenario") == scenario) & (pl.col("size") == "1"))
        for key, year, need in ones.select("area", "year", "new_construction_need").iter_rows():
            if key in index and years[0] <= year <= years[-1]:
                small[year - years[0], index[key]] = need or 0.0
    fields["small"] = small
    return keys, years, fields


def demand(run: ForecastRun, scenario: str) -> pure.DemandTable:
    """The demand per municipality and period of a finished run (cached: results never change)."""

    def build() -> pure.DemandTable:
        keys, years, f = _arrays(run, scenario)
        return pure.demand_table(
            keys,
            years.astype(float),
            f["population"],
            f["households"],
            f["need"],
            f["small"],
            f["done"],
            pure.periods_of(int(years[0]), int(years[-1])),
        )

    if run.status != RunStatus.DONE or not run.results.name:
        return build()
    return caching.cached(caching.key("forecast-region", run.pk, run.results.name, scenario), build)


def places(run: ForecastRun, table: pure.DemandTable) -> list[Place]:
    """The table's municipalities with their names (the key where the area is gone)."""
    areas = {a.key: a for a in municipalities(run.inputs.area)}
    return [
        Place(areas[r.key].name if r.key in areas else r.key, r, areas.get(r.key))
        for r in table.rows
    ]
