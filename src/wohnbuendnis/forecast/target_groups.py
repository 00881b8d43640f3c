"""Demand by target group of a finished run (guide 2.5.1 and 4.2), read-only: per projected
year the older people and the barrier-free dwellings they need, the households below the
income limits and the bound stock with the bindings that end, the one-person households and
the small dwellings; each stock from the monitoring of the run's base year. The arithmetic is
``analytics.forecast.target_groups``; the assumptions are in docs/forecast-assumptions.md (7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast import archive, charts
from wohnbuendnis.forecast.engine import target_groups as tg
from wohnbuendnis.forecast.models import CITY, ForecastRun
from wohnbuendnis.forecast.queries import Selection
from wohnbuendnis.monitoring.queries import observed_values

KEYS = (
    "accessible_dwellings",
    "accessible_completions",
    "social_housing_stock",
    "social_housing_completions",
    "social_housing_bindings_expiring",
    "low_income_household_share",
    "small_dwellings",
    "single_person_share",
)


@dataclass
class Observed:
    """The monitoring's values of one area: key → year → value."""

    values: dict[str, dict[int, float]]

    def latest(self, key: str, year: int) -> tuple[float, int] | None:
        """The value of the latest year up to ``year`` (the run's base year) and that year."""
        years = [y for y in self.values.get(key, {}) if y <= year]
        return (self.values[key][max(years)], max(years)) if years else None

    def flows(self, key: str, years: np.ndarray) -> np.ndarray:
        """Yearly values ``[year]`` (0 where the monitoring has none)."""
        series = self.values.get(key, {})
        return np.array([series.get(int(y), 0.0) for y in years], dtype=float)


@dataclass
class TargetGroups:
    """What the page shows: per section its rows (one per year) and where the stock came from."""

    years: list[int]
    seniors: list[dict[str, Any]]
    low_income: list[dict[str, Any]]
    singles: list[dict[str, Any]]
    sources: dict[str, tuple[float, int] | None]
    low_income_share: float
    share_observed: bool
    singles_from_sizes: bool
    charts: dict[str, Any] = field(default_factory=dict)


def _area(run: ForecastRun, key: str) -> Area:
    if key == CITY:
        return run.inputs.area
    return run.inputs.area.children.get(key=key)


def observed(area: Area) -> Observed:
    raw = observed_values((key, area.pk) for key in KEYS)
    return Observed({key: {y: v for y, (v, _s) in raw.get((key, area.pk), {}).items()}
                     for key in KEYS})  # fmt: skip


def _ages(run: ForecastRun, sel: Selection, years: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Persons aged 65+ and 80+ ``[year]`` of the selection, from the single-age table."""
    frame = archive.read_table(run.results, "population").filter(pl.col("scenario") == sel.scenario)
    if sel.area_key != CITY:
        frame = frame.filter(pl.col("area") == sel.area_key)
    by_year = frame.group_by("year").agg(
        p65=pl.col("count").filter(pl.col("age") >= 65).sum(),
        p80=pl.col("count").filter(pl.col("age") >= 80).sum(),
    )
    lookup = {r["year"]: (r["p65"], r["p80"]) for r in by_year.iter_rows(named=True)}
    return (
        np.array([lookup[y][0] for y in years], dtype=float),
        np.array([lookup[y][1] for y in years], dtype=float),
    )


def _one_person(run: ForecastRun, sel: Selection, years: list[int]) -> np.ndarray | None:
    """One-person households ``[year]`` from the run's households by size (None without)."""
    frame = archive.read_table(run.results, "households_by_size")
    if frame.is_empty():
        return None
    frame = frame.filter((pl.col("scenario") == sel.scenario) & (pl.col("size") == "1"))
    if sel.area_key != CITY:
        frame = frame.filter(pl.col("area") == sel.area_key)
    sums = dict(frame.group_by("year").agg(pl.col("households").sum()).iter_rows())
    return np.array([sums.get(y, np.nan) for y in years], dtype=float)


def _base(obs: Observed, key: str, year: int) -> float:
    found = obs.latest(key, year)
    return found[0] if found else float("nan")


def _value(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _rows(years: list[int], **columns: np.ndarray) -> list[dict[str, Any]]:
    return [
        {"year": int(y)} | {name: _value(float(values[i])) for name, values in columns.items()}
        for i, y in enumerate(years)
    ]


def _seniors(obs: Observed, base: int, years: np.ndarray, p65, p80) -> list[dict[str, Any]]:
    need = tg.accessible_need(p65)
    added = obs.flows("accessible_completions", years)
    stock = tg.stock_path(
        tg.Stock(_base(obs, "accessible_dwellings", base), added, np.zeros(len(years)))
    )
    return _rows(list(years), p65=p65, p80=p80, need=need, stock=stock, gap=tg.gap(need, stock))


def _low_income(
    obs: Observed, base: int, years: np.ndarray, households: np.ndarray, share: float
) -> list[dict[str, Any]]:
    need = tg.low_income_households(households, share)
    expiring = obs.latest("social_housing_bindings_expiring", base)
    ending = (
        tg.spread_expiring(expiring[0], expiring[1], years)
        if expiring
        else np.full(len(years), np.nan)
    )
    added = obs.flows("social_housing_completions", years)
    stock = tg.stock_path(tg.Stock(_base(obs, "social_housing_stock", base), added, ending))
    return _rows(
        list(years),
        households=households,
        need=need,
        ending=ending,
        added=added,
        stock=stock,
        gap=tg.gap(need, stock),
    )


def _singles(obs: Observed, base: int, years: np.ndarray, one_person) -> list[dict[str, Any]]:
    small = np.full(len(years), _base(obs, "small_dwellings", base))
    return _rows(list(years), households=one_person, stock=small, gap=tg.gap(one_person, small))


def target_group_demand(run: ForecastRun, sel: Selection) -> TargetGroups:
    """The three comparisons of the selection (scenario and area; every year of the run)."""
    years = list(sel.years)
    base = run.inputs.base_year
    obs = observed(_area(run, sel.area_key))
    p65, p80 = _ages(run, sel, years)
    summary = {
        r.year: r.households for r in run.rows.filter(scenario=sel.scenario, area_key=sel.area_key)
    }
    households = np.array([summary.get(y) or np.nan for y in years], dtype=float)
    share_found = obs.latest("low_income_household_share", base)
    share = share_found[0] / 100 if share_found else tg.LOW_INCOME_SHARE
    one_person = _one_person(run, sel, years)
    from_sizes = one_person is not None
    if one_person is None:
        single_share = obs.latest("single_person_share", base)
        one_person = households * (single_share[0] / 100 if single_share else np.nan)
    arr = np.array(years)
    result = TargetGroups(
        years=years,
        seniors=_seniors(obs, base, arr, p65, p80),
        low_income=_low_income(obs, base, arr, households, share),
        singles=_singles(obs, base, arr, one_person),
        sources={key: obs.latest(key, base) for key in KEYS},
        low_income_share=share,
        share_observed=share_found is not None,
        singles_from_sizes=from_sizes,
    )
    result.charts = _charts(result, sel)
    return result


def _series(rows: list[dict[str, Any]], pairs: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"Reihe": label, "Jahr": r["year"], "Anzahl": r[name]}
        for name, label in pairs.items()
        for r in rows
        if r[name] is not None
    ]


def _charts(result: TargetGroups, sel: Selection) -> dict[str, Any]:
    where = f"{sel.area_name}, Szenario {sel.scenario}"
    return {
        "seniors": charts.need_and_stock(
            _series(
                result.seniors,
                {"need": "Bedarf barrierefreie Wohnungen", "stock": "Bestand barrierefrei"},
            ),
            f"Barrierefreie Wohnungen: Bedarf und Bestand, {where}",
        ),
        "low_income": charts.need_and_stock(
            _series(
                result.low_income,
                {"need": "Haushalte unter den Einkommensgrenzen", "stock": "Gebundener Bestand"},
            ),
            f"Geförderte Wohnungen: berechtigte Haushalte und Bestand, {where}",
        ),
        "singles": charts.need_and_stock(
            _series(
                result.singles,
                {"households": "Einpersonenhaushalte", "stock": "Wohnungen mit 1–2 Zimmern"},
            ),
            f"Einpersonenhaushalte und kleine Wohnungen, {where}",
        ),
    }
