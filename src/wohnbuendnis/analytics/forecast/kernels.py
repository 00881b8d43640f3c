"""The vectorised one-step kernels of both projection methods.

Every array is indexed ``[..., area, sex, age]`` (sex 0 = f, 1 = m); the leading ``...`` may hold
a draw axis. No loop runs over cells: one step is a fixed number of whole-array numpy operations,
and each cell's result depends only on its own inputs (plus the explicit sums over areas for
internal moves and over ages for births), so splitting areas or draws into blocks gives
bit-identical numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.forecast.model import FloatArray


@dataclass(frozen=True)
class StepRates:
    """Rates of one step after the scenario multipliers were applied (broadcastable shapes).

    ``q`` death probabilities (municipal) or survival ratios (ccmpp-un) ``[..., area|1, sex, age]``;
    ``asfr`` births per woman and year ``[..., area|1, age]``; ``inflow`` immigrants (municipal,
    persons per year) or net migrants (ccmpp-un, persons per step) ``[..., area, sex, age]``;
    ``emigration``/``move_out``/``move_in_share`` rates ``[area, sex, age]`` or None;
    ``srb`` boys per girl; ``exposure`` the newborns' share of a year exposed to q0;
    ``inflow_factor`` (municipal only, e.g. per draw ``[draw, 1, 1, 1]``) a multiplier not yet
    applied to ``inflow`` (:func:`municipal_plan` folds it into a small array instead of
    writing the multiplied immigrants of every draw).
    """

    q: FloatArray
    asfr: FloatArray
    inflow: FloatArray
    emigration: FloatArray | None
    move_out: FloatArray | None
    move_in_share: FloatArray | None
    srb: float
    exposure: float = 0.5
    inflow_factor: FloatArray | None = None


@dataclass(frozen=True)
class StepComponents:
    """Flows of one step summed over ages, each ``[..., area, sex]`` (persons per step)."""

    births: FloatArray
    deaths: FloatArray
    immigrants: FloatArray
    emigrants: FloatArray
    moves_in: FloatArray
    moves_out: FloatArray


def _split_births(births: FloatArray, srb: float) -> FloatArray:
    """Births per woman-area ``[..., area]`` → births by sex ``[..., area, sex]``."""
    girls = births / (1.0 + srb)
    return np.stack([girls, births - girls], axis=-1)


@dataclass(frozen=True)
class MunicipalPlan:
    """The per-step invariants of the ``municipal`` method, computed once from :class:`StepRates`
    (and reused while the rates do not change).

    With net = I + J − (e + o)·N, J = s·P and P = Σ_areas o·N (forecast.md steps 1–5), the
    year-end population N1 = N + net − q·(N + net/2) is affine in N and P:
    N1 = a·N + b + c·P with a = 1 − q − (1 − q/2)(e + o), b = (1 − q/2)·I, c = (1 − q/2)·s
    (``c`` is None and ``half`` = 1 − q/2 per sex and age when q is the same in every area).
    Deaths per cell q·(N + net/2) = d·N + q·I/2 + (q·s/2)·P with d = q·(1 − (e + o)/2).
    ``a``, ``b`` and ``c`` are contiguous arrays of the cells' shape (whole-array passes without
    broadcasting); ``move_out``/``c`` are None without internal moves; ``asfr`` is halved
    (births = Σ asfr/2 · (women at the start + at the end)); ``newborn_q`` = q0 · exposure and
    ``newborn_keep`` = 1 − that; the flow fields are None unless flows were asked for.
    """

    a: FloatArray
    b: FloatArray
    c: FloatArray | None
    half: FloatArray | None
    move_out: FloatArray | None
    asfr: FloatArray
    newborn_q: FloatArray
    newborn_keep: FloatArray
    srb: float
    share: FloatArray | None = None
    death_n: FloatArray | None = None
    emigration: FloatArray | None = None
    death_p: FloatArray | None = None
    death_sum: FloatArray | None = None
    immigrant_sum: FloatArray | None = None


def _by_sex_age(values: FloatArray) -> FloatArray | None:
    """``values`` ``[..., 1, sex, age]`` or ``[sex, age]`` as ``[..., sex, age]``, or None if
    they differ by area."""
    if values.ndim == 2:
        return values
    return values[..., 0, :, :] if values.shape[-3] == 1 else None


def municipal_plan(
    rates: StepRates,
    cells: tuple[int, ...],
    components: bool,
    buffers: tuple[FloatArray, FloatArray] | None = None,
) -> MunicipalPlan:
    """The invariants of a step with ``rates`` for populations of shape ``cells``
    (``[..., area, sex, age]``); ``buffers`` two contiguous arrays of that shape that receive
    ``a`` and ``b`` (for plans made anew every step, as with draws; else they are allocated)."""
    q = rates.q
    dtype = np.result_type(q, rates.inflow)
    half = 1.0 - 0.5 * q
    moves = rates.move_out is not None and rates.move_in_share is not None
    out_rate = rates.move_out if moves else None
    share = rates.move_in_share if moves else None
    leave = rates.emigration
    if out_rate is not None:
        leave = out_rate if leave is None else leave + out_rate

    def full(values: FloatArray) -> FloatArray:
        """``values`` as a contiguous array of the cells' shape (copied only if needed)."""
        if values.shape == cells and values.dtype == dtype and values.flags.c_contiguous:
            return values
        result = np.empty(cells, dtype=dtype)
        result[...] = values
        return result

    def full3(values: FloatArray) -> FloatArray:
        return np.ascontiguousarray(np.broadcast_to(values, cells[-3:]), dtype=dtype)

    a, b = buffers if buffers is not None else (np.empty(cells, dtype), np.empty(cells, dtype))
    if leave is None:
        a[...] = 1.0 - q
    else:  # a = (1 − q) − (1 − q/2)·(e + o)
        np.multiply(half, leave, out=a)
        np.subtract(1.0 - q, a, out=a)
    newborn_q = rates.q[..., :, 0] * rates.exposure
    factor = half if rates.inflow_factor is None else half * rates.inflow_factor
    np.multiply(factor, rates.inflow, out=b)
    plan = MunicipalPlan(
        a=a,
        b=b,
        c=None if share is None or _by_sex_age(half) is not None else full(half * share),
        half=_by_sex_age(half),
        share=None if share is None else full3(share),
        move_out=None if out_rate is None else full3(out_rate) if out_rate.ndim == 3 else out_rate,
        asfr=0.5 * rates.asfr,  # halved exactly: births = Σ asfr·(start + end)/2
        newborn_q=newborn_q,
        newborn_keep=1.0 - newborn_q,
        srb=rates.srb,
    )
    if not components:
        return plan
    inflow = full(
        rates.inflow if rates.inflow_factor is None else rates.inflow * rates.inflow_factor
    )
    death_p = None
    if share is not None:  # q·s/2 per cell, or q/2 per sex and age if q is the same everywhere
        shared = _by_sex_age(q)
        death_p = 0.5 * shared if shared is not None else full(0.5 * q * share)
    # contiguous coefficient arrays: einsum is slow with broadcast (stride-0) operands
    return replace(
        plan,
        death_n=full(q if leave is None else q * (1.0 - 0.5 * leave)),
        emigration=None if rates.emigration is None else full(rates.emigration),
        death_p=death_p,
        death_sum=np.einsum("...a,...a->...", full(q), inflow) * 0.5,
        immigrant_sum=inflow.sum(axis=-1),
    )


def _dot(x: FloatArray, y: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Σ over the last axis of x·y (no temporary; the same digits however areas are split)."""
    if out is None:
        result: FloatArray = np.einsum("...a,...a->...", x, y)
        return result
    np.einsum("...a,...a->...", x, y, out=out)
    return out


def padded(
    shape: tuple[int, ...], dtype: npt.DTypeLike = np.float64
) -> tuple[FloatArray, FloatArray]:
    """An array of ``shape`` and its view shifted by one element (``shifted.flat[i]`` is
    ``array.flat[i + 1]``; the buffer has one spare element at the end), for
    :func:`municipal_into`."""
    size = int(np.prod(shape))
    buffer = np.empty(size + 1, dtype=dtype)
    return buffer[:size].reshape(shape), buffer[1:].reshape(shape)


def municipal_into(
    n0: FloatArray,
    plan: MunicipalPlan,
    out: FloatArray,
    shifted: FloatArray,
    work: FloatArray,
    flows: FloatArray | None = None,
) -> None:
    """One year of the ``municipal`` method (forecast.md, steps 1–7), written into ``out``.

    ``n0``: population on 31.12. of the previous year ``[..., area, sex, age]`` (contiguous);
    ``out`` (contiguous, same shape, not overlapping ``n0``) receives the aged population on
    31.12. of the year; ``shifted`` is ``out`` shifted by one element (:func:`padded`; it may
    write one element past ``out``); ``work`` a contiguous scratch array of the same shape;
    ``flows`` ``[6, ..., area, sex]`` (flow first: contiguous rows for the sums) receives the
    year's flows in the order births, deaths, immigrants, emigrants, moves in, moves out.

    N1 is computed with whole contiguous passes straight into ``shifted``, i.e. age a lands at
    age a + 1 of ``out`` (the ageing costs no copy); N1 of the open age group lands on the
    next row's age 0, from where it is added to the open group before the newborns are set.
    """
    pool = None
    if plan.move_out is not None:
        if plan.move_out.ndim == 3:
            pool = np.einsum("...rsa,rsa->...sa", n0, plan.move_out)
        else:
            pool = (n0 * plan.move_out).sum(axis=-3)
    np.multiply(n0, plan.a, out=shifted)
    shifted += plan.b
    if pool is not None and plan.share is not None:
        if plan.c is None:  # the same q in every area: c·P = s·(P·(1 − q/2)), no c needed
            assert plan.half is not None
            np.multiply(plan.share, (pool * plan.half)[..., None, :, :], out=work)
        else:
            np.multiply(plan.c, pool[..., None, :, :], out=work)
        shifted += work
    # births from the women at the start and at the end of the year (N1 = shifted)
    births = _dot(n0[..., 0, :], plan.asfr)
    births += _dot(shifted[..., 0, :], plan.asfr)
    out[..., -1] += shifted[..., -1]
    by_sex = flows[0] if flows is not None else np.empty((*births.shape, 2), births.dtype)
    np.divide(births, 1.0 + plan.srb, out=by_sex[..., 0])
    np.subtract(births, by_sex[..., 0], out=by_sex[..., 1])
    np.multiply(by_sex, plan.newborn_keep, out=out[..., 0])
    if flows is not None:
        _flows(n0, plan, pool, flows)


def _flows(n0: FloatArray, plan: MunicipalPlan, pool: FloatArray | None, flows: FloatArray) -> None:
    """The flows of :func:`municipal_into` summed over ages, written into ``flows`` (births by
    sex are already there)."""
    assert plan.death_n is not None and plan.death_sum is not None
    assert plan.immigrant_sum is not None
    deaths = _dot(n0, plan.death_n)
    deaths += plan.death_sum
    if pool is not None and plan.share is not None and plan.death_p is not None:
        if plan.death_p.ndim == pool.ndim:  # J·q/2 = s·(P·q/2)
            deaths += _dot(plan.share, (pool * plan.death_p)[..., None, :, :])
        else:
            deaths += _dot(plan.death_p, pool[..., None, :, :])
    deaths += flows[0] * plan.newborn_q
    flows[1] = deaths
    flows[2] = plan.immigrant_sum
    if plan.emigration is None:
        flows[3] = 0.0
    else:
        _dot(n0, plan.emigration, out=flows[3])
    if pool is None or plan.move_out is None or plan.share is None:
        flows[4:6] = 0.0
    else:
        _dot(plan.share, pool[..., None, :, :], out=flows[4])
        _dot(n0, plan.move_out, out=flows[5])


FLOW_COUNT = 6


def municipal_step(
    n0: FloatArray, rates: StepRates, components: bool = True
) -> tuple[FloatArray, StepComponents | None]:
    """One year of the ``municipal`` method (forecast.md, steps 1–7).

    ``n0``: population on 31.12. of the previous year ``[..., area, sex, age]`` (persons, single
    ages 0…100+). Returns the aged population on 31.12. of the year and, if ``components``, the
    year's flows. Annual cohort-component with gross flows as in the Swiss FSO / propop method;
    movers are exposed to mortality for half a year. (:func:`municipal_into` with a plan made
    for this one step.)
    """
    n0 = np.ascontiguousarray(n0)
    plan = municipal_plan(rates, n0.shape, components)
    aged, shifted = padded(n0.shape, n0.dtype)
    flows = np.empty((FLOW_COUNT, *n0.shape[:-1]), dtype=n0.dtype) if components else None
    municipal_into(n0, plan, aged, shifted, np.empty_like(n0), flows)
    if flows is None:
        return aged, None
    return aged, StepComponents(*flows)


def survival_ratios(lx: FloatArray, l0: float, step: int) -> FloatArray:
    """UN CCMPP survival ratios from person-years ``lx`` ``[..., age]`` (open row holds T).

    S_0 = L_0 / (n · l_0); S_i = L_i / L_{i−1}; open group S_A = T_A / (L_{A−1} + T_A)
    (Preston, Heuveline & Guillot 2001, ch. 6; UN ccmppWPP). Same shape as ``lx``.
    """
    ratios = np.empty_like(lx)
    ratios[..., 0] = lx[..., 0] / (step * l0)
    ratios[..., 1:-1] = lx[..., 1:-1] / lx[..., :-2]
    ratios[..., -1] = lx[..., -1] / (lx[..., -2] + lx[..., -1])
    return ratios


def ccmpp_births(start: FloatArray, end: FloatArray, asfr: FloatArray, step: int) -> FloatArray:
    """Births of a CCMPP step by the mother's age group ``[..., area, age]`` (persons per step).

    ``start``: population ``[..., area, sex, age]`` at the start plus half the net migrants;
    ``end``: at the end of the step (groups ≥ 1 final); ``asfr`` per woman and year. Births
    = n · asfr · (female start + female end) / 2 (Preston et al. 2001, Box 6.2). The first
    group's end value is not known yet; its rate is zero in every real schedule, so the start
    value stands in.
    """
    female = 0.5 * (start[..., 0, :] + end[..., 0, :])
    female[..., 0] = start[..., 0, 0]
    return step * (asfr * female)


def ccmpp_step(
    n0: FloatArray, rates: StepRates, step: int, components: bool = True
) -> tuple[FloatArray, StepComponents | None]:
    """One step of the UN CCMPP (female-dominant), ``step`` = 1 or 5 years.

    ``n0`` ``[..., area, sex, age]`` at the start; ``rates.q`` holds survival ratios
    (:func:`survival_ratios`), ``rates.inflow`` net migrants per step (half at the start, half
    at the end), ``rates.asfr`` births per woman and year by age group (no index shift). Births
    come from the mean of the female population at the start (after half the migrants) and at
    the end. Reproduces Preston et al. (2001) Box 6.2 exactly.
    """
    half = 0.5 * rates.inflow
    start = n0 + half
    s = rates.q
    end = np.empty_like(start)
    end[..., 1:-1] = start[..., :-2] * s[..., 1:-1]
    end[..., -1] = (start[..., -2] + start[..., -1]) * s[..., -1]
    end[..., 1:] += half[..., 1:]
    end[..., 0] = 0.0
    births = _split_births(ccmpp_births(start, end, rates.asfr, step).sum(axis=-1), rates.srb)
    end[..., 0] = births * s[..., 0] + half[..., 0]
    if not components:
        return end, None
    net = np.broadcast_to(rates.inflow, n0.shape)
    net_sum = net.sum(axis=-1)
    deaths = n0.sum(axis=-1) + net_sum + births - end.sum(axis=-1)
    zero = np.zeros(n0.shape[:-1])
    flows = StepComponents(
        births=births,
        deaths=deaths,
        immigrants=np.clip(net, 0.0, None).sum(axis=-1),
        emigrants=np.clip(-net, 0.0, None).sum(axis=-1),
        moves_in=zero,
        moves_out=zero,
    )
    return end, flows
