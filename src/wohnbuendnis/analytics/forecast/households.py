"""Households by headship rates and housing demand by the component model (forecast.md)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wohnbuendnis.analytics.forecast.model import Dwellings, FloatArray, Households, IntArray

DEMAND = (
    "households",
    "target_stock",
    "stock",
    "additional",
    "replacement",
    "backlog",
    "vacancy_credit",
    "new_construction_need",
    "balance",
)


def _headship(hh: Households, years: IntArray) -> FloatArray:
    """Headship rates for each year ``[year, area|1, sex, age]``."""
    return np.stack([hh.headship.at(int(y)) for y in years])


def private_population(population: FloatArray, hh: Households) -> FloatArray:
    """Population in private households: population − institutional, floored at 0.

    ``population`` ``[year, ..., area, sex, age]`` (persons); same shape returned.
    """
    if hh.institutional is None:
        return population
    return np.maximum(population - hh.institutional, 0.0)


def households(
    population: FloatArray, years: IntArray, hh: Households
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Households = Σ headship_rate × (population − institutional) over sex and age.

    ``population`` ``[year, ..., area, sex, age]``; ``years`` the 31.12. of each row. Returns
    households ``[year, ..., area]``, household population ``[year, ..., area]`` and heads by
    age ``[year, ..., area, age]`` (headship-rate method, as in the BBSR household projection).
    """
    private = private_population(population, hh)
    rates = _headship(hh, years)
    rates = rates.reshape(rates.shape[:1] + (1,) * (private.ndim - 4) + rates.shape[1:])
    heads = (rates * private).sum(axis=-2)
    return heads.sum(axis=-1), private.sum(axis=(-2, -1)), heads


def households_by_size(heads: FloatArray, shares: FloatArray) -> FloatArray:
    """Households by size 1…5+ ``[year, area, 5]`` from heads by age ``[year, area, age]`` and
    the size shares by the head's age ``[area|1, age, 5]``."""
    result: FloatArray = (heads[..., None] * shares[None]).sum(axis=-2)
    return result


@dataclass(frozen=True)
class Demand:
    """Housing demand per projected year and area; every field ``[year, area]`` (dwellings),
    base year first (flows zero there). Field names as in ``housing_demand.csv``."""

    values: dict[str, FloatArray]


def housing_demand(hh_count: FloatArray, dwellings: Dwellings, step: int = 1) -> Demand:
    """Component model after BBSR/GEWOS; areas are never netted against each other.

    ``hh_count`` households ``[year, area]`` (base year first). Target stock S = H · (1 +
    fluctuation reserve); additional demand Z = max(0, ΔS); replacement E = demolition rate ·
    stock of the previous year; backlog N = max(0, S_base − stock_base − vacant_usable) /
    backlog_years in each of the first backlog_years; vacancy credit L = min(surplus, Z + E)
    with surplus = max(0, stock − S) at the start of the year; need = max(0, Z + E + N − L).
    The stock rolls forward with the planned completions minus demolitions. With ``step`` = 5
    every flow is per step (annual rates × 5, completions summed over the step).
    """
    target = hh_count * (1.0 + dwellings.fluctuation_reserve)
    steps, n = target.shape[0] - 1, target.shape[1]
    out = {name: np.zeros((steps + 1, n)) for name in DEMAND}
    out["households"][:] = hh_count
    out["target_stock"][:] = target
    out["stock"][0] = dwellings.stock
    backlog = np.maximum(0.0, target[0] - dwellings.stock - dwellings.vacant_usable)
    backlog = backlog / np.maximum(dwellings.backlog_years, 1) * step
    for t in range(1, steps + 1):
        previous = out["stock"][t - 1]
        additional = np.maximum(0.0, target[t] - target[t - 1])
        replacement = dwellings.demolition_rate * step * previous
        catch_up = np.where(t * step <= dwellings.backlog_years, backlog, 0.0)
        surplus = np.maximum(0.0, previous - target[t - 1])
        credit = np.minimum(surplus, additional + replacement)
        out["additional"][t] = additional
        out["replacement"][t] = replacement
        out["backlog"][t] = catch_up
        out["vacancy_credit"][t] = credit
        out["new_construction_need"][t] = np.maximum(
            0.0, additional + replacement + catch_up - credit
        )
        completions = dwellings.completions[:, (t - 1) * step : t * step].sum(axis=1)
        out["stock"][t] = previous + completions - replacement
    out["balance"][:] = out["stock"] - target
    return Demand(out)


def need_by_size(by_size: FloatArray, need: FloatArray) -> FloatArray:
    """Split the new-construction need ``[year, area]`` over household sizes ``[year, area, 5]``.

    In proportion to the growth of each size class where some class grows, else to the
    households of each size (an assumption: the stock is not known by flat size).
    """
    growth = np.zeros_like(by_size)
    growth[1:] = np.maximum(0.0, by_size[1:] - by_size[:-1])
    total = growth.sum(axis=-1, keepdims=True)
    weights = np.where(total > 0, growth, by_size)
    weight_sum = weights.sum(axis=-1, keepdims=True)
    shares = np.divide(weights, weight_sum, out=np.zeros_like(weights), where=weight_sum > 0)
    split: FloatArray = shares * need[..., None]
    return split
