"""Demand by target group (guide 2.5.1 and 4.2): what a projection means for older people,
households below the income limits and one-person households, each against the stock that
serves them. Pure functions on arrays ``[year]`` (first entry the base year); every rate is an
explicit argument with its documented default (docs/forecast-assumptions.md, section 7).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wohnbuendnis.analytics.forecast.model import FloatArray

#: Households with a person aged 65+ who has mobility restrictions, Germany 2022: 3.5 million
#: (Bundesregierung, BT-Drucksache 21/2488, 2025, from the Mikrozensus), per person aged 65+
#: on 31.12.2022 (18,671,500; Destatis 12421-0002, 15th coordinated projection, variant 1):
#: barrier-free dwellings needed per person aged 65+ (0.1875).
ACCESSIBLE_PER_PERSON_65_PLUS = 3_500_000 / 18_671_500

#: Households below the income limits of the social housing subsidy, Germany: 6.3 million
#: (Pestel-Institut for IG BAU, 2020) of 41.5 million private households (Mikrozensus 2019).
LOW_INCOME_SHARE = 6.3 / 41.5

#: Years a "bindings ending in the next five years" figure covers.
EXPIRING_WINDOW = 5


@dataclass(frozen=True)
class Stock:
    """A stock that serves a target group: its value in the base year and what is added and
    removed in each year ``[year]`` (index 0, the base year, is ignored; NaN = unknown)."""

    base: float
    added: FloatArray
    removed: FloatArray


def stock_path(stock: Stock) -> FloatArray:
    """The stock of each year ``[year]``: base + Σ added − Σ removed over the years after the
    base year; NaN from the first year whose flows are unknown on (the stock is unknown
    then), NaN throughout when the base is unknown."""
    flows = np.asarray(stock.added, dtype=float) - np.asarray(stock.removed, dtype=float)
    flows = flows.copy()
    flows[0] = 0.0
    path: FloatArray = stock.base + np.cumsum(flows)
    return path


def spread_expiring(total: float, stated_in: int, years: FloatArray) -> FloatArray:
    """Bindings ending per year ``[year]`` from a figure "ending within the next
    :data:`EXPIRING_WINDOW` years" stated in year ``stated_in``: an even share in each of the
    years ``stated_in + 1 … stated_in + 5``, 0 up to ``stated_in``, NaN after (unknown).

    An assumption (a housing office usually knows the year of each binding's end; the
    per-year figure is better where it exists)."""
    years = np.asarray(years)
    inside = (years > stated_in) & (years <= stated_in + EXPIRING_WINDOW)
    out: FloatArray = np.where(inside, total / EXPIRING_WINDOW, np.nan)
    out[years <= stated_in] = 0.0
    return out


def accessible_need(
    persons_65_plus: FloatArray, rate: float = ACCESSIBLE_PER_PERSON_65_PLUS
) -> FloatArray:
    """Barrier-free dwellings needed ``[year]``: ``rate`` per person aged 65+ (persons on
    31.12.; the default from the federal figures above)."""
    need: FloatArray = np.asarray(persons_65_plus, dtype=float) * rate
    return need


def low_income_households(households: FloatArray, share: float = LOW_INCOME_SHARE) -> FloatArray:
    """Households below the income limits ``[year]``: ``share`` (0…1) of all households,
    held at its observed value over the projection (an assumption)."""
    result: FloatArray = np.asarray(households, dtype=float) * share
    return result


def gap(need: FloatArray, stock: FloatArray) -> FloatArray:
    """Shortfall ``[year]``: need − stock (positive: dwellings missing; NaN where either is
    unknown)."""
    result: FloatArray = np.asarray(need, dtype=float) - np.asarray(stock, dtype=float)
    return result
