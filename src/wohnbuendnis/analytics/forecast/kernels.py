"""The vectorised one-step kernels of both projection methods.

Every array is indexed ``[..., area, sex, age]`` (sex 0 = f, 1 = m); the leading ``...`` may hold
a draw axis. No loop runs over cells: one step is a fixed number of whole-array numpy operations,
and each cell's result depends only on its own inputs (plus the explicit sums over areas for
internal moves and over ages for births), so splitting areas or draws into blocks gives
bit-identical numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wohnbuendnis.analytics.forecast.model import FloatArray


@dataclass(frozen=True)
class StepRates:
    """Rates of one step after the scenario multipliers were applied (broadcastable shapes).

    ``q`` death probabilities (municipal) or survival ratios (ccmpp-un) ``[..., area|1, sex, age]``;
    ``asfr`` births per woman and year ``[..., area|1, age]``; ``inflow`` immigrants (municipal,
    persons per year) or net migrants (ccmpp-un, persons per step) ``[..., area, sex, age]``;
    ``emigration``/``move_out``/``move_in_share`` rates ``[area, sex, age]`` or None;
    ``srb`` boys per girl; ``exposure`` the newborns' share of a year exposed to q0.
    """

    q: FloatArray
    asfr: FloatArray
    inflow: FloatArray
    emigration: FloatArray | None
    move_out: FloatArray | None
    move_in_share: FloatArray | None
    srb: float
    exposure: float = 0.5


@dataclass(frozen=True)
class StepComponents:
    """Flows of one step summed over ages, each ``[..., area, sex]`` (persons per step)."""

    births: FloatArray
    deaths: FloatArray
    immigrants: FloatArray
    emigrants: FloatArray
    moves_in: FloatArray
    moves_out: FloatArray


def _age(survivors: FloatArray, newborns: FloatArray) -> FloatArray:
    """Shift single ages by one year; the last two ages join the open group; newborns at 0."""
    aged = np.empty_like(survivors)
    aged[..., 1:-1] = survivors[..., :-2]
    aged[..., -1] = survivors[..., -2] + survivors[..., -1]
    aged[..., 0] = newborns
    return aged


def _split_births(births: FloatArray, srb: float) -> FloatArray:
    """Births per woman-area ``[..., area]`` → births by sex ``[..., area, sex]``."""
    girls = births / (1.0 + srb)
    return np.stack([girls, births - girls], axis=-1)


def _births(start: FloatArray, end: FloatArray, asfr: FloatArray) -> FloatArray:
    """Σ_a asfr · (start + end) / 2 per area ``[..., area]``; women ``[..., area, age]``.

    A schedule shared by all areas (``[..., 1, age]``) goes through ``einsum`` row by row, which
    writes nothing the size of the cells and sums each area alike however the areas are split
    (BLAS matrix products do not: their rounding depends on the block shape).
    """
    if asfr.shape[-2] != 1:
        per_area: FloatArray = 0.5 * ((start + end) * asfr).sum(axis=-1)
        return per_area
    schedule = asfr[..., 0, :]
    both: FloatArray = np.einsum("...ra,...a->...r", start, schedule) + np.einsum(
        "...ra,...a->...r", end, schedule
    )
    return 0.5 * both


def municipal_step(
    n0: FloatArray, rates: StepRates, components: bool = True
) -> tuple[FloatArray, StepComponents | None]:
    """One year of the ``municipal`` method (forecast.md, steps 1–7).

    ``n0``: population on 31.12. of the previous year ``[..., area, sex, age]`` (persons, single
    ages 0…100+). Returns the aged population on 31.12. of the year and, if ``components``, the
    year's flows. Annual cohort-component with gross flows as in the Swiss FSO / propop method;
    movers are exposed to mortality for half a year.
    """
    # net = I + J − E − O; exposed = N0 + net/2; N1 = N0 + net − D (forecast.md steps 1–5)
    emig = n0 * rates.emigration if rates.emigration is not None else None
    net = rates.inflow - emig if emig is not None else np.array(rates.inflow, copy=True)
    moves_out = moves_in = None
    if rates.move_out is not None and rates.move_in_share is not None:
        moves_out = n0 * rates.move_out
        moves_in = rates.move_in_share * moves_out.sum(axis=-3, keepdims=True)
        net += moves_in
        net -= moves_out
    deaths = 0.5 * net
    deaths += n0
    deaths *= rates.q
    n1 = np.add(n0, net, out=net)
    n1 -= deaths
    births = _split_births(_births(n0[..., 0, :], n1[..., 0, :], rates.asfr), rates.srb)
    newborn_deaths = births * (rates.q[..., :, 0] * rates.exposure)
    aged = _age(n1, births - newborn_deaths)
    if not components:
        return aged, None
    zero = np.zeros(n0.shape[:-1])
    flows = StepComponents(
        births=births,
        deaths=deaths.sum(axis=-1) + newborn_deaths,
        immigrants=np.broadcast_to(rates.inflow, n0.shape).sum(axis=-1),
        emigrants=zero if emig is None else emig.sum(axis=-1),
        moves_in=zero if moves_in is None else moves_in.sum(axis=-1),
        moves_out=zero if moves_out is None else moves_out.sum(axis=-1),
    )
    return aged, flows


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
