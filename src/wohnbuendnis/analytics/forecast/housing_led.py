"""Housing-led variant (``--housing-led``): the population the planned dwellings imply.

As the GLA's housing-led model: the planned stock (dwellings.csv rolled forward with
completions_plan.csv minus demolitions) gives households = stock / (1 + fluctuation reserve);
times the trend projection's average household size plus the institutional population gives
the implied population. Each year the immigrants of every area are rescaled so that the
projected population meets it; where even zero immigrants leave too many people, emigration
rates are raised instead. The implied net migration is immigrants − emigrants in components.csv.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from wohnbuendnis.analytics.forecast import kernels
from wohnbuendnis.analytics.forecast.households import households, housing_demand
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs
from wohnbuendnis.analytics.forecast.simulate import Multipliers, run_step, step_rates
from wohnbuendnis.analytics.io.errors import Code, InputError


def implied_population(inputs: ForecastInputs, trend: FloatArray) -> FloatArray:
    """Population ``[steps + 1, area]`` implied by the planned stock, given the trend
    projection ``[steps + 1, area, sex, age]`` for the average household size."""
    if inputs.households is None or inputs.dwellings is None:
        raise InputError(
            "households.csv / dwellings.csv",
            Code.OPTION_NEEDS_FILES,
            params={"files": "households.csv, dwellings.csv", "option": "--housing-led"},
        )
    years = np.concatenate([[inputs.base_year], inputs.years])
    hh_count, hh_pop, _ = households(trend, years, inputs.households)
    size = np.divide(hh_pop, hh_count, out=np.zeros_like(hh_pop), where=hh_count > 0)
    stock = housing_demand(hh_count, inputs.dwellings, inputs.step).values["stock"]
    dwell = inputs.dwellings
    implied_households = stock / (1.0 + dwell.fluctuation_reserve)
    institutional = 0.0
    if inputs.households.institutional is not None:
        institutional = inputs.households.institutional.sum(axis=(-2, -1))
    return implied_households * size + institutional


def _total(inputs: ForecastInputs, n: FloatArray, mult: Multipliers, index: int) -> FloatArray:
    rates = step_rates(inputs, mult, index, slice(None))
    out, _ = _unchecked(inputs, n, rates)
    total: FloatArray = out.sum(axis=(-2, -1))
    return total


def _unchecked(
    inputs: ForecastInputs, n: FloatArray, rates: kernels.StepRates
) -> tuple[FloatArray, None]:
    """A trial step without the negative-count check (trial scales may overshoot)."""
    if inputs.method == "municipal":
        return kernels.municipal_step(n, rates, False)[0], None
    return kernels.ccmpp_step(n, rates, inputs.step, False)[0], None


def scales(inputs: ForecastInputs, mult: Multipliers, target: FloatArray) -> Multipliers:
    """Per-area immigration and emigration scales ``[steps, area]`` that meet ``target``.

    The end-of-year total is affine in the immigration scale (and, below zero immigrants, in
    the emigration scale), so two trial steps per year give the exact scale.
    """
    steps, areas = len(inputs.years), len(inputs.areas)
    imm, emi = np.ones((steps, areas)), np.ones((steps, areas))
    n = inputs.population
    for index in range(steps):
        zero = replace(mult, immigration_scale=0.0 * imm, emigration_scale=emi)
        one = replace(mult, immigration_scale=imm, emigration_scale=emi)
        t0, t1 = _total(inputs, n, zero, index), _total(inputs, n, one, index)
        slope = t1 - t0
        k = np.divide(target[index + 1] - t0, slope, out=np.zeros(areas), where=slope > 0)
        imm[index] = np.maximum(k, 0.0)
        if inputs.rates.emigration_rate is not None:
            emi[index] = _emigration_scale(inputs, n, mult, imm, emi, index, target)
        chosen = replace(mult, immigration_scale=imm, emigration_scale=emi)
        n, _ = run_step(inputs, n, step_rates(inputs, chosen, index, slice(None)), False)
    return replace(mult, immigration_scale=imm, emigration_scale=emi)


def _emigration_scale(
    inputs: ForecastInputs,
    n: FloatArray,
    mult: Multipliers,
    imm: FloatArray,
    emi: FloatArray,
    index: int,
    target: FloatArray,
) -> FloatArray:
    """Raise emigration where zero immigrants still exceed the target (approximately affine:
    rates are capped at 1)."""
    one = replace(mult, immigration_scale=imm, emigration_scale=emi)
    two_emi = emi.copy()
    two_emi[index] = 2.0
    two = replace(mult, immigration_scale=imm, emigration_scale=two_emi)
    t1, t2 = _total(inputs, n, one, index), _total(inputs, n, two, index)
    slope = t1 - t2
    extra = np.divide(t1 - target[index + 1], slope, out=np.zeros_like(t1), where=slope > 0)
    return np.where(imm[index] > 0, 1.0, 1.0 + np.maximum(extra, 0.0))
