"""Turning published tables into forecast inputs: life tables, mortality improvement, the open
age group, and net migration by cohort accounting.

Used to rebuild the assumptions of the Destatis 15th coordinated projection and the Konstanz
back-test (docs/forecast-assumptions.md). Arrays are ``[sex, age 0…100]``, sex 0 = female.
"""

from __future__ import annotations

import numpy as np

from wohnbuendnis.analytics.forecast.model import FloatArray

OPEN = 100


def life_table(qx: FloatArray, a0: FloatArray, e_open: FloatArray) -> dict[str, FloatArray]:
    """Period life table from death probabilities ``qx`` ``[..., 101]`` (radix 1).

    ``a0`` the average share of the first year lived by infants who die, ``e_open`` the life
    expectancy at 100 (both ``[...]``); other ages a_x = 0.5. Returns lx, Lx, Tx ``[..., 101]``
    (the open row of Lx holds T_100) and e0 ``[...]`` (Chiang's method, as Destatis' tables).
    """
    lx = np.ones(qx.shape)
    lx[..., 1:] = np.cumprod(1.0 - qx[..., :-1], axis=-1)
    dx = lx * qx
    Lx = np.empty_like(lx)
    Lx[..., :-1] = lx[..., 1:] + 0.5 * dx[..., :-1]
    Lx[..., 0] = lx[..., 1] + a0 * dx[..., 0]
    Lx[..., -1] = lx[..., -1] * e_open
    Tx = np.cumsum(Lx[..., ::-1], axis=-1)[..., ::-1]
    return {"lx": lx, "Lx": Lx, "Tx": Tx, "e0": Tx[..., 0]}


def infant_a0(lx: FloatArray, Lx: FloatArray) -> FloatArray:
    """a0 of a published table (radix any): (L0 − l1) / (l0 − l1), ``[...]``."""
    return (Lx[..., 0] - lx[..., 1]) / (lx[..., 0] - lx[..., 1])


def cell_qx(Lx: FloatArray) -> FloatArray:
    """Death probabilities of the municipal cells ``[..., 101]`` from person-years ``Lx`` whose
    open row holds T_100.

    A person aged a on 31.12. survives the year with L_{a+1} / L_a (the period-cohort
    probability, as in the Destatis projection method); cells 99 and 100+ both end in 100+ and
    share the CCMPP open-group ratio T_100 / (L_99 + T_100).
    """
    q = np.empty_like(Lx)
    q[..., :-2] = 1.0 - Lx[..., 1:-1] / Lx[..., :-2]
    q[..., -2:] = (1.0 - Lx[..., -1] / (Lx[..., -2] + Lx[..., -1]))[..., None]
    return q


def improvement_weights(ages: FloatArray) -> FloatArray:
    """Relative mortality improvement by age: 1 up to 70, falling linearly to 0.5 at 100 (less
    improvement at the oldest ages, as the Destatis and ONS projections assume)."""
    return np.clip(1.0 - 0.5 * (ages - 70.0) / 30.0, 0.5, 1.0)


def improved_qx(
    qx: FloatArray, e_open: FloatArray, years_ahead: FloatArray, k: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """q_x(t) = q_x · exp(−k · w_x · t) and e_100(t) = e_100 · exp(k · w_100 · t).

    ``qx`` ``[sex, 101]``, ``e_open``/``k`` ``[sex]``, ``years_ahead`` ``[year]``; returns
    ``[year, sex, 101]`` and ``[year, sex]``.
    """
    w = improvement_weights(np.arange(OPEN + 1, dtype=np.float64))
    rate = k[None, :, None] * w * years_ahead[:, None, None]
    q = qx[None] * np.exp(-rate)
    return q, e_open[None] * np.exp(rate[..., -1])


def solve_improvement(
    qx: FloatArray, a0: FloatArray, e_open: FloatArray, years_ahead: float, target: FloatArray
) -> FloatArray:
    """The rate k per sex ``[sex]`` (bisection) such that e0 after ``years_ahead`` years of
    :func:`improved_qx` equals ``target`` ``[sex]``."""
    low, high = np.zeros(len(target)), np.full(len(target), 0.2)
    for _ in range(60):
        mid = 0.5 * (low + high)
        q, e100 = improved_qx(qx, e_open, np.array([years_ahead]), mid)
        e0 = life_table(q[0], a0, e100[0])["e0"]
        too_low = e0 < target
        low = np.where(too_low, mid, low)
        high = np.where(too_low, high, mid)
    k: FloatArray = 0.5 * (low + high)
    return k


def split_open_age(
    open_pop: FloatArray, earlier: FloatArray, lx: FloatArray, Tx: FloatArray, gap: int
) -> FloatArray:
    """Split a population with an open group at 85 ``[sex, 86]`` into single ages 0…100+.

    The people aged 85+ now were aged 85 − gap … 84 − gap + … ``gap`` years earlier
    (``earlier`` ``[sex, 86]``); each cohort is survived with the life table's l_x and the
    weights are scaled to the published 85+ total. 100+ is weighted by T_100 / T_85 of the
    earlier open group.
    """
    result = np.zeros((2, OPEN + 1))
    result[:, :85] = open_pop[:, :85]
    ages = np.arange(85, OPEN)
    weights = np.zeros((2, OPEN + 1 - 85))
    weights[:, :-1] = earlier[:, ages - gap] * lx[:, ages] / lx[:, ages - gap]
    weights[:, -1] = earlier[:, 85] * Tx[:, OPEN] / Tx[:, 85]
    result[:, 85:] = weights / weights.sum(axis=1, keepdims=True) * open_pop[:, 85:86]
    return result


def cohort_net_migration(before: FloatArray, after: FloatArray, q: FloatArray) -> FloatArray:
    """Net migrants of a year by cell ``[sex, 101]`` by cohort accounting.

    The municipal method gives N1 = N0 (1 − q) + I (1 − q/2) for a cohort; solved for I with the
    populations ``before`` (31.12. of t − 1) and ``after`` (31.12. of t, one year older).
    Cells 99 and 100+ merge and newborns are not covered: those entries are 0.
    """
    net = np.zeros_like(before)
    survivors = before[:, :-2] * (1.0 - q[:, :-2])
    net[:, :-2] = (after[:, 1:-1] - survivors) / (1.0 - 0.5 * q[:, :-2])
    return net
