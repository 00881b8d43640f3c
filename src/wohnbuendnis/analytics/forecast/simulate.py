"""Run the kernels over all steps of a projection (deterministic or a block of draws).

The only Python loop is over the projected steps; each step is whole-array numpy work over
``[draw, area, sex, age]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wohnbuendnis.analytics.forecast import kernels
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs, Scenario
from wohnbuendnis.analytics.io.errors import InputError

FLOWS = ("births", "deaths", "immigrants", "emigrants", "moves_in", "moves_out")


@dataclass(frozen=True)
class Multipliers:
    """Multipliers per step ``[steps]`` or per draw and step ``[draws, steps]``.

    ``immigration_scale`` optionally rescales immigrants per area and step ``[steps, area]``
    (housing-led variant), ``emigration_scale`` likewise the emigration rates.
    """

    fertility: FloatArray
    mortality: FloatArray
    immigration: FloatArray
    emigration: FloatArray
    srb: FloatArray
    immigration_scale: FloatArray | None = None
    emigration_scale: FloatArray | None = None


def scenario_multipliers(inputs: ForecastInputs, scenario: Scenario) -> Multipliers:
    """The scenario's multiplier paths evaluated at the first year of every step."""
    rate_years = inputs.years - inputs.step + 1
    paths = scenario.multipliers(rate_years)
    return Multipliers(
        paths["fertility"],
        paths["mortality"],
        paths["immigration"],
        paths["emigration"],
        inputs.sex_ratio_at_birth.at(rate_years),
    )


def _pick(values: FloatArray, index: int, trailing: int = 3) -> FloatArray:
    """Multiplier of step ``index``, shaped to broadcast over ``[draw, <trailing axes>]``."""
    if values.ndim == 1:
        return np.asarray(values[index])
    return values[:, index].reshape(-1, *([1] * trailing))


def _times(values: FloatArray, factor: FloatArray) -> FloatArray:
    """``values × factor``, skipping the full-array product for a scalar factor of exactly 1."""
    if factor.ndim == 0 and float(factor) == 1.0:
        return values
    return values * factor


def step_rates(
    inputs: ForecastInputs, mult: Multipliers, index: int, area: slice
) -> kernels.StepRates:
    """Rates of step ``index`` for the areas ``area`` after applying the multipliers."""
    year = int(inputs.years[index]) - inputs.step + 1
    rates = inputs.rates

    def local(table: FloatArray) -> FloatArray:
        return table if table.shape[0] == 1 else table[area]

    m_mort = _pick(mult.mortality, index)
    base_q = local(rates.mortality.at(year))
    if inputs.method == "municipal":
        q = np.minimum(base_q * m_mort, 1.0) if np.any(m_mort != 1.0) else base_q
    else:
        s = kernels.survival_ratios(base_q, inputs.l0, inputs.step)
        q = 1.0 - m_mort * (1.0 - s) if np.any(m_mort != 1.0) else s
    asfr = _times(local(rates.fertility.at(year)), _pick(mult.fertility, index, 2))
    inflow = _times(local(rates.immigrants.at(year)), _pick(mult.immigration, index))
    if mult.immigration_scale is not None:
        inflow = inflow * mult.immigration_scale[index, area][:, None, None]
    emig = None
    if rates.emigration_rate is not None:
        emig = _times(local(rates.emigration_rate.at(year)), _pick(mult.emigration, index))
        if mult.emigration_scale is not None:
            emig = np.minimum(emig * mult.emigration_scale[index, area][:, None, None], 1.0)
    moves = rates.move_out_rate is not None and rates.move_in_share is not None
    return kernels.StepRates(
        q=q,
        asfr=asfr,
        inflow=inflow,
        emigration=emig,
        move_out=local(rates.move_out_rate.at(year)) if moves and rates.move_out_rate else None,
        move_in_share=local(rates.move_in_share.at(year))
        if moves and rates.move_in_share
        else None,
        srb=float(mult.srb[index]),
        exposure=inputs.newborn_exposure,
    )


def run_step(
    inputs: ForecastInputs,
    n0: FloatArray,
    rates: kernels.StepRates,
    components: bool,
    first_area: int = 0,
) -> tuple[FloatArray, kernels.StepComponents | None]:
    """Apply the method's kernel once and check that no count became negative
    (``first_area``: index of the block's first area, for the message)."""
    if inputs.method == "municipal":
        n1, flows = kernels.municipal_step(n0, rates, components)
    else:
        n1, flows = kernels.ccmpp_step(n0, rates, inputs.step, components)
    low = n1.min()
    if low < 0:
        if low < -1e-6:
            _negative(inputs, n1, first_area)
        np.maximum(n1, 0.0, out=n1)  # rounding noise of a rate of exactly 1
    return n1, flows


def _negative(inputs: ForecastInputs, n1: FloatArray, first_area: int) -> None:
    """Name the first cell that became negative (an input error: too many emigrants/deaths)."""
    cell = np.unravel_index(int(np.argmin(n1)), n1.shape)
    area, sex, age = (int(i) for i in cell[-3:])
    file = "migration.csv" if inputs.method == "municipal" else "migration.csv / lifetable.csv"
    raise InputError(
        file,
        f"flows that keep every count ≥ 0; area {inputs.areas[first_area + area]}, "
        f"sex {'fm'[sex]}, age {int(inputs.ages[age])} would become {float(n1[cell]):.6g}",
    )


def simulate(
    inputs: ForecastInputs,
    mult: Multipliers,
    area: slice | None = None,
    components: bool = True,
) -> tuple[FloatArray, FloatArray | None]:
    """Project the base population through every step.

    Returns the population ``[steps + 1, (draw,) area, sex, age]`` (base first) and, if
    ``components``, the flows ``[steps, area, sex, flow]`` in the order of :data:`FLOWS`.
    ``area`` restricts the run to a block of areas (valid only without internal moves).
    """
    area = area if area is not None else slice(None)
    n = inputs.population[area]
    if mult.fertility.ndim == 2:
        n = np.broadcast_to(n, (mult.fertility.shape[0], *n.shape)).copy()
    steps = len(inputs.years)
    out = np.empty((steps + 1, *n.shape))
    out[0] = n
    flows = np.empty((steps, *n.shape[:-1], len(FLOWS))) if components else None
    for index in range(steps):
        rates = step_rates(inputs, mult, index, area)
        n, comps = run_step(inputs, n, rates, components, area.start or 0)
        out[index + 1] = n
        if flows is not None and comps is not None:
            for k, name in enumerate(FLOWS):
                flows[index, ..., k] = getattr(comps, name)
    return out, flows
