"""Read-only queries of a finished run for the result pages and the downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import polars as pl

from wohnbuendnis.forecast import archive, charts, region
from wohnbuendnis.forecast.downloads import TABLES
from wohnbuendnis.forecast.engine import SIZES
from wohnbuendnis.forecast.models import CITY, ForecastRun, ResultRow, RunStatus
from wohnbuendnis.lib import caching
from wohnbuendnis.monitoring.queries import BAROMETER, LOCAL_BAROMETER_SECONDS

STEP = 5  # years between the rows of the overview tables


@dataclass
class Selection:
    """What the result page shows: one scenario, one area (CITY = the whole city), one year."""

    scenario: str
    area_key: str
    year: int
    scenarios: list[str]
    areas: list[tuple[str, str]]
    years: list[int]

    @property
    def area_name(self) -> str:
        return dict(self.areas)[self.area_key]

    def neighbour_years(self) -> tuple[int | None, int | None]:
        i = self.years.index(self.year)
        return (
            self.years[i - 1] if i else None,
            self.years[i + 1] if i + 1 < len(self.years) else None,
        )


def published_runs(alliance):
    """The runs the public sees (Koordination or Fachamt published them), newest first."""
    return alliance.forecast_runs.filter(published=True)


def published_forecast(alliance) -> ForecastRun | None:
    """The published forecast: the newest published run that finished with results."""
    return (
        published_runs(alliance)
        .filter(status=RunStatus.DONE)
        .select_related("inputs__area")
        .order_by("-finished_at", "-pk")
        .first()
    )


T = TypeVar("T")


def _cached(run: ForecastRun, parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``, cached when the run is finished: its results never change, and the key
    names the run and its result file (a run computed again gets a new file)."""
    if run.status != RunStatus.DONE or not run.results.name:
        return build()
    return caching.cached(caching.key("forecast", run.pk, run.results.name, *parts), build)


def _distinct(run: ForecastRun, field: str) -> list[Any]:
    """The distinct values of a result field, sorted (ordered by the field itself: with the
    model's default ordering DISTINCT would keep one row per ordered column combination)."""
    return list(run.rows.order_by(field).values_list(field, flat=True).distinct())


def _choices(run: ForecastRun) -> tuple[list[str], list[str], list[int]]:
    """The run's scenarios, area keys and years (one cache entry: read on every visit)."""
    return _cached(
        run,
        ("choices",),
        lambda: (_distinct(run, "scenario"), _distinct(run, "area_key"), _distinct(run, "year")),
    )


def select(run: ForecastRun, params: Any) -> Selection:
    """The selection from the query string, falling back to the first scenario, the city and
    the last year."""
    scenarios, area_keys, years = _choices(run)
    if run.inputs.municipalities:  # a Land's municipalities lie below its Kreise
        names = {a.key: a.name for a in region.municipalities(run.inputs.area)}
    else:
        names = dict(run.inputs.area.children.values_list("key", "name"))
    keys = [k for k in area_keys if k != CITY]
    areas = [(CITY, run.inputs.area.name)] + [(k, names.get(k, k)) for k in keys]
    scenario = params.get("szenario")
    area = params.get("gebiet", CITY)
    year = params.get("jahr", "")
    default = "mittel" if "mittel" in scenarios else scenarios[0]
    return Selection(
        scenario=scenario if scenario in scenarios else default,
        area_key=area if area in dict(areas) else CITY,
        year=int(year) if year.isdigit() and int(year) in years else years[-1],
        scenarios=scenarios,
        areas=areas,
        years=years,
    )


def pyramid_rows(run: ForecastRun, sel: Selection) -> list[tuple[int, float, float]]:
    """(age, women, men) of the selection, from the stored single-age table (cached per run,
    scenario, area and year: the archive is read once, not on every page)."""
    return _cached(
        run,
        ("pyramid", sel.scenario, sel.area_key, sel.year),
        lambda: _pyramid_rows(run, sel),
    )


def _pyramid_rows(run: ForecastRun, sel: Selection) -> list[tuple[int, float, float]]:
    frame = archive.read_table(run.results, "population").filter(
        (pl.col("scenario") == sel.scenario) & (pl.col("year") == sel.year)
    )
    if sel.area_key != CITY:
        frame = frame.filter(pl.col("area") == sel.area_key)
    wide = (
        frame.group_by("age", "sex")
        .agg(pl.col("count").sum())
        .pivot(on="sex", index="age", values="count")
        .sort("age")
    )
    return [(r["age"], r.get("f") or 0.0, r.get("m") or 0.0) for r in wide.iter_rows(named=True)]


def _pyramid_table(
    ages: list[tuple[int, float, float]], base_ages: list[tuple[int, float, float]]
) -> list[tuple[int, float, float, float | None, float | None]]:
    """(age, women, men, women in the base year, men in the base year) for the table beside
    the pyramid (base values None when the year shown is the base year)."""
    base = {age: (women, men) for age, women, men in base_ages}
    return [(age, w, m, *base.get(age, (None, None))) for age, w, m in ages]


def size_rows(run: ForecastRun, sel: Selection, years: list[int]) -> list[dict[str, Any]]:
    """Per year of ``years``: households of each size 1…5+ and the new construction need
    summed over the projected years up to it, per size (empty without household sizes)."""
    return _cached(
        run,
        ("sizes", sel.scenario, sel.area_key, *years),
        lambda: _size_rows(run, sel, years),
    )


def _size_rows(run: ForecastRun, sel: Selection, years: list[int]) -> list[dict[str, Any]]:
    frame = archive.read_table(run.results, "households_by_size").filter(
        pl.col("scenario") == sel.scenario
    )
    if sel.area_key != CITY:
        frame = frame.filter(pl.col("area") == sel.area_key)
    if frame.is_empty():
        return []
    by_year = (
        frame.group_by("year", "size")
        .agg(pl.col("households").sum(), pl.col("new_construction_need").fill_nan(0).sum())
        .sort("size", "year")
        .with_columns(need=pl.col("new_construction_need").cum_sum().over("size"))
        .filter(pl.col("year").is_in(years))
        .sort("year", "size")
    )
    return [
        {"year": year, "households": part["households"].to_list(), "need": part["need"].to_list()}
        for (year,), part in by_year.group_by("year", maintain_order=True)
    ]


def rows(run: ForecastRun, sel: Selection) -> list[ResultRow]:
    """The run's summary rows of the selected area, by scenario and year (cached per run)."""
    return _cached(
        run,
        ("rows", sel.area_key),
        lambda: list(run.rows.filter(area_key=sel.area_key).order_by("scenario", "year")),
    )


def overview_years(sel: Selection) -> list[int]:
    first = sel.years[0]
    return [y for y in sel.years if (y - first) % STEP == 0 or y == sel.years[-1]]


def page_charts(
    sel: Selection,
    summary: list[ResultRow],
    ages: list[tuple[int, float, float]],
    base_ages: list[tuple[int, float, float]] | None = None,
) -> dict[str, Any]:
    """The chart specs of the result page: pyramid, fan, demand and households (``base_ages``:
    the base year's pyramid, drawn as an outline over the year shown)."""
    fan_rows = [
        {"Szenario": r.scenario, "Jahr": r.year, "Bevölkerung": r.population}
        | {q: getattr(r, q) for q in ("p05", "p25", "p75", "p95")}
        for r in summary
    ]
    demand_rows = [
        {"Reihe": f"Bedarf ({r.scenario})", "Jahr": r.year, "Wohnungen": r.target_stock}
        for r in summary
        if r.target_stock is not None
    ] + [
        {"Reihe": "Bestand mit geplanten Fertigstellungen", "Jahr": r.year, "Wohnungen": r.stock}
        for r in summary
        if r.stock is not None and r.scenario == sel.scenario
    ]
    household_rows = [
        {"Szenario": r.scenario, "Jahr": r.year, "Haushalte": r.households}
        for r in summary
        if r.households is not None
    ]
    return {
        "pyramid": charts.pyramid_chart(
            ages,
            f"{sel.area_name} {sel.year} ({sel.scenario})",
            base_ages,
            year=sel.year,
            base_year=sel.years[0],
        ),
        "fan": charts.fan(fan_rows, sel.scenarios, f"Bevölkerung {sel.area_name}"),
        "demand": charts.demand(demand_rows, f"Wohnungsbedarf {sel.area_name}"),
        "households": charts.households(household_rows, sel.scenarios, f"Haushalte {sel.area_name}")
        if household_rows
        else None,
    }


def assumption_sets(run: ForecastRun) -> list:
    """The run's assumption sets with their assumptions, as shown on the run page."""
    return list(run.assumption_sets.prefetch_related("assumptions"))


def assumptions_family(alliance_id: int) -> str:
    """The cache generation of an alliance's assumptions (bumped by ``set_assumption``)."""
    return f"forecast-assumptions:{alliance_id}"


def sets_fragment(run: ForecastRun) -> tuple[str, int]:
    """Key and seconds of the run page's cached assumptions ({% cache %} in ``run.html``,
    language added there): the sets are the alliance's and can still be edited, so the key
    carries their generation. Without a shared cache another process's bump is not seen: the
    part is kept only briefly."""
    return _generation_fragment("forecast-sets-html", run, assumptions_family(run.alliance_id))


def fragment_key(run: ForecastRun, sel: Selection) -> str:
    """Key of the result page's cached tables ({% cache %} in ``run.html``): they show only the
    run's results for the selection, in the page's language (added by the template)."""
    parts = (run.pk, run.results.name, sel.scenario, sel.area_key, sel.year, sel.area_name)
    return caching.key("forecast-html", caching.release("forecast"), *parts)


def warm_pages(run: ForecastRun) -> int:
    """Build the result page's data and chart specs of every scenario and year for the whole
    area once, when the run is done, so that the first person choosing a selection does not
    wait for them (≈ 150 ms each); returns how many. Only with a shared cache (Redis): a
    process's own memory would keep them where no page is served."""
    if not caching.shared():
        return 0
    first = select(run, {})
    for scenario in first.scenarios:
        for year in first.years:
            page_context(run, {"szenario": scenario, "jahr": str(year)})
    return len(first.scenarios) * len(first.years)


def base_fragment(run: ForecastRun) -> tuple[str, int]:
    """Key and seconds of the cached comparison of the base year with the monitoring
    ({% cache %} in ``run.html``, language added there): the run's rows never change, and the
    key carries the barometer's generation, which every service writing observations bumps.
    Without a shared cache another process's bump is not seen: the part is kept only briefly."""
    return _generation_fragment("forecast-base-html", run, BAROMETER)


def _generation_fragment(prefix: str, run: ForecastRun, family: str) -> tuple[str, int]:
    """Key and seconds of a part of the run page that follows the generation of ``family``:
    a day with a shared cache, briefly without (another process's bump is not seen)."""
    name = caching.key(prefix, caching.release("forecast"), run.pk, caching.generation(family))
    return name, (86400 if caching.shared() else LOCAL_BAROMETER_SECONDS)


def map_fragment_key(run: ForecastRun, sel: Selection) -> str:
    """Key of the cached map and table of the change per district: the run's results for the
    scenario and year, and the districts' names as they are now (read by :func:`select`)."""
    return caching.key("forecast-map-html", fragment_key(run, sel), repr(sel.areas))


#: The data :func:`page_context` gives besides the selection, the key of its cached parts
#: and the fixed labels (``PAGE_LABELS``).
PAGE_PARTS = (
    "summary", "pyramid", "pyramid_table", "charts", "overview", "overview_years", "sizes",
    "backtest",
)  # fmt: skip
PAGE_LABELS = {"tables": TABLES, "size_labels": SIZES}


def page_context(run: ForecastRun, params: Any, sel: Selection | None = None) -> dict[str, Any]:
    """Everything the result page shows for the selection in ``params`` (the query string;
    ``sel``: the selection already read from it)."""
    sel = sel or select(run, params)
    summary = rows(run, sel)
    years = overview_years(sel)
    ages = pyramid_rows(run, sel)
    base = replace(sel, year=sel.years[0])
    base_ages = [] if sel.year == base.year else pyramid_rows(run, base)
    return {
        "sel": sel,
        "summary": summary,
        "pyramid": ages,
        "pyramid_table": _pyramid_table(ages, base_ages),
        "charts": _cached(
            # the specs follow from the run's results and the selection; the area's name is
            # in the titles, so a renamed area gets new specs
            run,
            ("charts", sel.scenario, sel.area_key, sel.year, sel.area_name),
            lambda: page_charts(sel, summary, ages, base_ages),
        ),
        "overview": [r for r in summary if r.scenario == sel.scenario and r.year in years],
        "overview_years": years,
        "sizes": size_rows(run, sel, years),
        "backtest": run.backtest.filter(area_key=sel.area_key),  # read only when not cached
        "fragment_key": fragment_key(run, sel),
    } | PAGE_LABELS
