"""``project``: the forecast of every scenario, with households, demand, draws and back-test."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

import numpy as np

from wohnbuendnis.analytics.forecast import draws as draw_mod
from wohnbuendnis.analytics.forecast import housing_led as led
from wohnbuendnis.analytics.forecast.backtest import backtest_inputs, compare
from wohnbuendnis.analytics.forecast.households import (
    households,
    households_by_size,
    housing_demand,
    need_by_size,
)
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs, IntArray
from wohnbuendnis.analytics.forecast.result import ForecastResult, ScenarioResult
from wohnbuendnis.analytics.forecast.simulate import Multipliers, scenario_multipliers, simulate
from wohnbuendnis.analytics.io.errors import Code, InputError

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class _Options:
    draws: int
    seed: int
    scheduler: str | None
    housing_led: bool
    backtest_years: IntArray | None


def _version() -> str:
    try:
        return metadata.version("wohnbuendnis")
    except metadata.PackageNotFoundError:
        return "0"


def _names(inputs: ForecastInputs, scenario: str | None) -> list[str]:
    if scenario is None:
        return sorted(inputs.scenarios)
    if scenario not in inputs.scenarios:
        known = ", ".join(sorted(inputs.scenarios))
        raise InputError(
            "scenario.toml", Code.SCENARIO_UNKNOWN, params={"name": scenario, "known": known}
        )
    return [scenario]


def _simulate(
    inputs: ForecastInputs, mult: Multipliers, opts: _Options
) -> tuple[FloatArray, FloatArray]:
    if opts.scheduler is not None:
        from wohnbuendnis.analytics.forecast import distributed

        return distributed.simulate(opts.scheduler, inputs, mult)
    population, flows = simulate(inputs, mult)
    assert flows is not None
    return population, flows


def _draws(inputs: ForecastInputs, mult: Multipliers, opts: _Options) -> FloatArray:
    z = draw_mod.standard_normals(opts.draws, opts.seed)
    per_draw = draw_mod.draw_multipliers(inputs, mult, z)
    if opts.scheduler is not None:
        from wohnbuendnis.analytics.forecast import distributed

        values = distributed.run_draws(opts.scheduler, inputs, per_draw)
    else:
        values = draw_mod.run_draws(inputs, per_draw)
    count = len(draw_mod.MEASURES) - (inputs.households is None)
    return draw_mod.quantiles(values[..., :count])


def _household_fields(
    inputs: ForecastInputs, population: FloatArray, years: IntArray
) -> dict[str, object]:
    if inputs.households is None:
        return {}
    count, private, heads = households(population, years, inputs.households)
    fields: dict[str, object] = {"households": count, "household_population": private}
    need = None
    if inputs.dwellings is not None:
        demand = housing_demand(count, inputs.dwellings, inputs.step)
        fields["demand"] = demand
        need = demand.values["new_construction_need"]
    if inputs.households.size_shares is not None:
        by_size = households_by_size(heads, inputs.households.size_shares)
        fields["by_size"] = by_size
        fields["size_need"] = need_by_size(by_size, need) if need is not None else None
    return fields


def _run_scenario(inputs: ForecastInputs, name: str, opts: _Options) -> ScenarioResult:
    mult = scenario_multipliers(inputs, inputs.scenarios[name])
    if opts.housing_led:
        trend, _ = simulate(inputs, mult, components=False)
        mult = led.scales(inputs, mult, led.implied_population(inputs, trend))
    population, flows = _simulate(inputs, mult, opts)
    years = np.concatenate([[inputs.base_year], inputs.years])
    fields = _household_fields(inputs, population, years)
    quantiles = _draws(inputs, mult, opts) if opts.draws > 0 else None
    backtest = None
    if opts.backtest_years is not None:
        backtest = compare(inputs, population, opts.backtest_years)
    return ScenarioResult(
        name,
        population,
        flows,
        quantiles=quantiles,
        backtest=backtest,
        **fields,  # type: ignore[arg-type]
    )


def project(
    inputs: ForecastInputs,
    scenario: str | None = None,
    draws: int = 0,
    seed: int = 0,
    scheduler: str | None = None,
    *,
    backtest: int | None = None,
    housing_led: bool = False,
    progress: ProgressCallback | None = None,
) -> ForecastResult:
    """Project population, households and housing demand (forecast.md).

    ``inputs`` from :func:`read_inputs`; ``scenario`` one name or None for every scenario;
    ``draws`` stochastic draws (quantiles in ``result.quantiles``) from ``seed``; ``scheduler``
    the address of a Dask distributed scheduler (None = in-process; identical numbers);
    ``backtest`` an earlier base year of population.csv to project from and compare with the
    observed years; ``housing_led`` the GLA housing-led variant. Populations are persons on
    31.12. ``[year, area, sex, age]``. Does no file I/O. Raises InputError for inputs that
    would make a count negative.
    """
    started = time.perf_counter()
    years = None
    if backtest is not None:
        inputs, years = backtest_inputs(inputs, backtest)
    opts = _Options(draws, seed, scheduler, housing_led, years)
    names = _names(inputs, scenario)
    runs = []
    for done, name in enumerate(names):
        runs.append(_run_scenario(inputs, name, opts))
        if progress is not None:
            progress(done + 1, len(names))
    return ForecastResult(
        method=inputs.method,
        areas=inputs.areas,
        ages=inputs.ages,
        years=np.concatenate([[inputs.base_year], inputs.years]).astype(np.int64),
        runs=runs,
        seed=seed,
        draws=draws,
        sources=inputs.sources,
        wall_time=time.perf_counter() - started,
        version=_version(),
    )
