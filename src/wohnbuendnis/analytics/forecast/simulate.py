"""Run the kernels over all steps of a projection (deterministic or a block of draws).

The only Python loop is over the projected steps; each step is whole-array numpy work over
``[draw, area, sex, age]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wohnbuendnis.analytics.forecast import kernels
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs, Scenario
from wohnbuendnis.analytics.io.errors import Code, InputError

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
    m_imm = _pick(mult.immigration, index)
    inflow_factor = None
    if inputs.method == "municipal" and m_imm.ndim > 0:  # per draw: folded in by the plan
        inflow, inflow_factor = local(rates.immigrants.at(year)), m_imm
    else:
        inflow = _times(local(rates.immigrants.at(year)), m_imm)
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
        inflow_factor=inflow_factor,
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
    _checked(inputs, n1, first_area)
    return n1, flows


def _negative(inputs: ForecastInputs, n1: FloatArray, first_area: int) -> None:
    """Name the first cell that became negative (an input error: too many emigrants/deaths)."""
    cell = np.unravel_index(int(np.argmin(n1)), n1.shape)
    area, sex, age = (int(i) for i in cell[-3:])
    file = "migration.csv" if inputs.method == "municipal" else "migration.csv / lifetable.csv"
    raise InputError(
        file,
        Code.FLOWS_NEGATIVE,
        params={
            "area": inputs.areas[first_area + area],
            "sex": "fm"[sex],
            "age": int(inputs.ages[age]),
            "found": f"{float(n1[cell]):.6g}",
        },
    )


def rate_keys(inputs: ForecastInputs, mult: Multipliers) -> list[tuple[bytes, bytes]]:
    """What the rates of each step depend on: equal keys give equal :func:`step_rates` (the
    rows of the year tables and the multipliers), so steps with equal keys share one plan."""
    r = inputs.rates
    first = inputs.years - inputs.step + 1
    tables = (r.mortality, r.fertility, r.immigrants, r.emigration_rate)
    rows = np.stack(
        [
            np.full(len(first), -1)
            if t is None
            else np.searchsorted(np.asarray(t.years), first, side="right")
            for t in (*tables, r.move_out_rate, r.move_in_share)
        ],
        axis=-1,
    ).astype(np.int64)
    factors = [mult.fertility, mult.mortality, mult.immigration, mult.emigration, mult.srb]
    factors += [x.T for x in (mult.immigration_scale, mult.emigration_scale) if x is not None]
    values = np.concatenate(
        [np.asarray(f, dtype=np.float64).reshape(-1, len(first)) for f in factors]
    ).T.copy()
    return [(rows[i].tobytes(), values[i].tobytes()) for i in range(len(first))]


def _checked(inputs: ForecastInputs, n1: FloatArray, first_area: int) -> None:
    low = n1.min()
    if low < 0:
        if low < -1e-6:
            _negative(inputs, n1, first_area)
        np.maximum(n1, 0.0, out=n1)  # rounding noise of a rate of exactly 1


def municipal_run(
    inputs: ForecastInputs,
    mult: Multipliers,
    buffer: FloatArray,
    area: slice,
    flows: FloatArray | None,
    keep: Callable[[int, FloatArray], None] | None = None,
) -> None:
    """All steps of the ``municipal`` method.

    ``buffer`` is flat: ``rows`` populations of ``cells`` elements followed by one spare
    element; row 0 holds the start population ``[(draw,) area, sex, age]`` (shape of
    ``inputs.population[area]`` with the draw axis of ``mult``). Step ``index`` writes row
    ``(index + 1) mod rows`` and one element past it (:func:`kernels.municipal_into`), so
    ``rows`` is ``steps + 1`` (all years kept) or at least 3 (rows used in turn; the spill never
    reaches the row being read); the flows go into ``flows[index]`` (``[steps, 6, (draw,)
    area, sex]``), and ``keep(index,
    population)`` is called after each step. Plans are reused while the rates do not change.
    """
    base = inputs.population[area]
    shape = base.shape if mult.fertility.ndim == 1 else (mult.fertility.shape[0], *base.shape)
    cells = int(np.prod(shape))
    rows = (buffer.size - 1) // cells
    steps = len(inputs.years)
    if rows < min(3, steps + 1):
        raise ValueError(f"municipal_run needs {min(3, steps + 1)} rows, got {rows}")
    key: tuple[bytes, bytes] | None = None
    plan: kernels.MunicipalPlan | None = None
    work = np.empty(shape, dtype=buffer.dtype)
    coefficients = (np.empty(shape, dtype=buffer.dtype), np.empty(shape, dtype=buffer.dtype))
    n = buffer[:cells].reshape(shape)
    for index, new_key in enumerate(rate_keys(inputs, mult)):
        if plan is None or new_key != key:
            rates = step_rates(inputs, mult, index, area)
            plan = kernels.municipal_plan(rates, shape, flows is not None, coefficients)
            key = new_key
        start = ((index + 1) % rows) * cells
        target = buffer[start : start + cells].reshape(shape)
        shifted = buffer[start + 1 : start + cells + 1].reshape(shape)
        kernels.municipal_into(
            n, plan, target, shifted, work, None if flows is None else flows[index]
        )
        _checked(inputs, target, area.start or 0)
        n = target
        if keep is not None:
            keep(index, n)


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
    buffer = np.empty((steps + 1) * n.size + 1, dtype=n.dtype)
    out = buffer[:-1].reshape(steps + 1, *n.shape)
    out[0] = n
    if inputs.method == "municipal":
        by_flow = np.empty((steps, len(FLOWS), *n.shape[:-1])) if components else None
        municipal_run(inputs, mult, buffer, area, by_flow)
        if by_flow is None:
            return out, None
        return out, np.ascontiguousarray(np.moveaxis(by_flow, 1, -1))
    flows = np.empty((steps, *n.shape[:-1], len(FLOWS))) if components else None
    for index in range(steps):
        rates = step_rates(inputs, mult, index, area)
        n, comps = run_step(inputs, n, rates, components, area.start or 0)
        out[index + 1] = n
        if flows is not None and comps is not None:
            for k, name in enumerate(FLOWS):
                flows[index, ..., k] = getattr(comps, name)
    return out, flows
