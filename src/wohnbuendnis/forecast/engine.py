"""From stored objects to the engine and back: inputs with the alliance's assumption sets,
summary rows of a result. No state changes here (those are in services.py). The app's other
modules take the core's names (``ForecastInputs``, ``project``, ``InputError`` …) from here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np

# The one door of the forecast app to the pure core: the other modules take these names here.
from wohnbuendnis.analytics.forecast import (
    ForecastInputs,
    ForecastResult,
    project,
    read_inputs,
    target_groups,
    uncertainty,
)
from wohnbuendnis.analytics.forecast import region as region_engine
from wohnbuendnis.analytics.forecast.model import DrawSettings, Path, Scenario
from wohnbuendnis.analytics.forecast.official import Comparison, compare
from wohnbuendnis.analytics.forecast.rebase import with_observed_totals
from wohnbuendnis.analytics.forecast.result import SIZES, ScenarioResult
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.io.official_projection import (
    OfficialProjection as ParsedProjection,
)
from wohnbuendnis.analytics.io.official_projection import parse_official_projection
from wohnbuendnis.forecast.models import CITY, AssumptionSet, ResultRow

# Broad age groups of the summary (first and last age, 100 = 100+).
AGE_GROUPS = {"age_0_17": (0, 17), "age_18_64": (18, 64), "age_65_plus": (65, 100)}
QUANTILES = {"p05": 0, "p25": 2, "p50": 3, "p75": 4, "p95": 6}  # columns of draws.QUANTILE_COLUMNS


def scenario_of(assumption_set: AssumptionSet) -> Scenario:
    """The engine's scenario of an assumption set (components without assumption stay 1)."""
    paths = {
        a.component: Path(tuple(int(y) for y, _ in a.path), tuple(float(v) for _, v in a.path))
        for a in assumption_set.assumptions.all()
    }
    return Scenario(assumption_set.name, paths)


def with_scenarios(
    inputs: ForecastInputs, sets: Iterable[AssumptionSet], horizon: int
) -> ForecastInputs:
    """The uploaded inputs with the alliance's assumption sets as their scenarios."""
    scenarios = {s.name: scenario_of(s) for s in sets}
    return replace(inputs, scenarios=scenarios, horizon=horizon)


def backtest_errors(result: ForecastResult | None) -> uncertainty.Errors | None:
    """The errors of the city total in a back-test result (None without one)."""
    if result is None:
        return None
    return uncertainty.errors_of(r.backtest for r in result.runs if r.backtest is not None)


def calibrated_draws(inputs: ForecastInputs, own: uncertainty.Errors | None) -> DrawSettings:
    """Draw spreads from the observed forecast errors: the Konstanz reference pooled with the
    run's own back-test (docs/forecast-assumptions.md, section 4)."""
    return uncertainty.calibrated_draws(inputs, uncertainty.pooled_sigma(own))


def _groups(population: np.ndarray, ages: np.ndarray) -> dict[str, np.ndarray]:
    """Persons per broad age group ``[year, area]`` of ``[year, area, sex, age]``."""
    by_age = population.sum(axis=2)
    return {
        name: by_age[..., (ages >= low) & (ages <= high)].sum(axis=-1)
        for name, (low, high) in AGE_GROUPS.items()
    }


def _fields(run: ScenarioResult, inputs: ForecastInputs) -> dict[str, np.ndarray]:
    """Every summary field as ``[year, area]`` (NaN where the run has no such output)."""
    shape = run.population.shape[:2]
    nan = np.full(shape, np.nan)
    fields = {"population": run.population.sum(axis=(2, 3)), **_groups(run.population, inputs.ages)}
    fields["households"] = run.households if run.households is not None else nan
    fields["household_population"] = (
        run.household_population if run.household_population is not None else nan
    )
    for name in ("target_stock", "stock", "new_construction_need", "balance"):
        fields[name] = run.demand.values[name] if run.demand is not None else nan
    completions = nan.copy()
    if inputs.dwellings is not None:
        completions[1:] = inputs.dwellings.completions.T[: shape[0] - 1]
    fields["completions"] = completions
    for name, column in QUANTILES.items():
        fields[name] = run.quantiles[:, :, 0, column] if run.quantiles is not None else nan
    return fields


def _value(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def summary_rows(result: ForecastResult, inputs: ForecastInputs) -> list[ResultRow]:
    """One unsaved :class:`ResultRow` per scenario × area × year, plus the city as the sum of
    its areas. The city's quantiles are the sums of the areas' quantiles: a draw multiplies
    every area by the same factors, so the areas move together and the sum is a close bound."""
    rows = []
    keys = [*result.areas, CITY]
    for run in result.runs:
        fields = _fields(run, inputs)
        totals = {k: v.sum(axis=1, keepdims=True) for k, v in fields.items()}
        merged = {k: np.concatenate([fields[k], totals[k]], axis=1) for k in fields}
        for y, year in enumerate(result.years.tolist()):
            for a, key in enumerate(keys):
                values = {k: _value(v[y, a]) for k, v in merged.items()}
                rows.append(
                    ResultRow(scenario=run.name, area_key=key, year=year, **values)  # type: ignore[arg-type]
                )
    return rows


__all__ = [
    "SIZES",
    "Code",
    "Comparison",
    "ForecastInputs",
    "InputError",
    "ParsedProjection",
    "Path",
    "Scenario",
    "compare",
    "parse_official_projection",
    "project",
    "read_inputs",
    "region_engine",
    "summary_rows",
    "target_groups",
    "uncertainty",
    "with_observed_totals",
    "with_scenarios",
]
