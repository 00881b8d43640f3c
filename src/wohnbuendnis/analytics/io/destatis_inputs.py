"""Rebuild the inputs of the Destatis 15th coordinated projection, variant 1 (G2L2W1).

Base 31.12.2021 from GENESIS 12411-0006; the assumptions derived from the published tables are
listed in docs/forecast-assumptions.md (each function says which one it implements).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wohnbuendnis.analytics.forecast import calibration as cal
from wohnbuendnis.analytics.forecast.model import (
    FloatArray,
    ForecastInputs,
    IntArray,
    Rates,
    Scenario,
    YearTable,
)
from wohnbuendnis.analytics.forecast.model import (
    Path as MultiplierPath,
)
from wohnbuendnis.analytics.io import genesis

BASE_YEAR, HORIZON = 2021, 2070
E0_2070 = np.array([88.2, 84.6])  # girls, boys (L2)
TFR = 1.55  # G2
W1_2022, W1_FINAL, W1_FINAL_YEAR = 1_100_000.0, 150_000.0, 2033


@dataclass(frozen=True)
class DestatisCheck:
    """The rebuilt inputs and the published projection ``[year, sex, age]`` (persons)."""

    inputs: ForecastInputs
    published_years: IntArray
    published: FloatArray
    improvement: FloatArray
    migration_totals: FloatArray


def _file(folder: Path, pattern: str) -> Path:
    return next(iter(sorted(folder.glob(pattern))), folder / pattern)


def mortality_path(table: dict[str, FloatArray], years: IntArray) -> tuple[FloatArray, FloatArray]:
    """Cell death probabilities ``[year, sex, 101]`` with an age-specific improvement that
    reaches the L2 life expectancy in 2070; also returns the rate k per sex.

    Base: life table 2020/22 (centred on 2021); q_x(t) = q_x · exp(−k_s · w_x · (t − 2021)).
    """
    a0 = cal.infant_a0(table["lx"], table["Lx"])
    e_open = table["ex"][:, cal.OPEN]
    k = cal.solve_improvement(table["qx"], a0, e_open, float(HORIZON - BASE_YEAR), E0_2070)
    q, e100 = cal.improved_qx(table["qx"], e_open, (years - BASE_YEAR).astype(np.float64), k)
    return cal.cell_qx(cal.life_table(q, a0, e100)["Lx"]), k


def fertility_cells(folder: Path) -> FloatArray:
    """The 2021 age schedule of 12612-0008 scaled to TFR 1.55, indexed by cell (age x → x − 1)."""
    years, rates = genesis.read_fertility_12612_0008(_file(folder, "12612-0008*.csv"))
    schedule = rates[years.index(BASE_YEAR)]
    cells = np.zeros(101)
    cells[14:49] = schedule * TFR / schedule.sum()
    return cells


def w1_totals(years: IntArray, recovered: FloatArray) -> FloatArray:
    """Net migration totals: 1.1 million in 2022, the recovered mean of 2023–25, linear to
    150 000 in 2033, constant after (W1 as published, with the 2023–25 plateau recovered)."""
    plateau = float(recovered[1:4].mean())
    totals = np.interp(years, [2025, W1_FINAL_YEAR], [plateau, W1_FINAL])
    totals[years <= 2025] = plateau
    totals[years == 2022] = W1_2022
    return totals


def migration_profiles(base: FloatArray, published: FloatArray, q: FloatArray) -> FloatArray:
    """Net migrants by cohort accounting ``[year, sex, 101]`` from consecutive published years."""
    before = np.concatenate([base[None], published[:-1]])
    return np.stack(
        [cal.cohort_net_migration(b, a, qq) for b, a, qq in zip(before, published, q, strict=True)]
    )


def destatis_variant1(real: Path) -> DestatisCheck:
    """Inputs of the ``municipal`` method that rebuild variant 1 from ``real`` (data/real).

    Migration: the age/sex profile is the cohort-accounted net migration below age 60 (2022
    alone; the mean share of 2023–2070 for the later years), scaled to :func:`w1_totals`;
    negative cells become emigration rates on the published population of the previous year.
    """
    projection = real / "destatis-vorausberechnung-15"
    population = genesis.read_population_12411_0006(_file(projection, "12411-0006*.csv"))
    table = genesis.read_life_table_12621_0001(
        real / "destatis-sterbetafeln" / "12621-0001_sterbetafel_2020-2022.csv"
    )
    base = cal.split_open_age(
        population[BASE_YEAR], population[BASE_YEAR - 15], table["lx"], table["Tx"], 15
    )
    pub_years, published = genesis.read_projection_12421_0002(_file(projection, "12421-0002*.csv"))
    years = np.asarray(pub_years, dtype=np.int64)
    q, k = mortality_path(table, years)
    nets = migration_profiles(base, published, q)
    young = nets.copy()
    young[..., 60:] = 0.0
    shares = young / young.sum(axis=(1, 2), keepdims=True)
    profile = np.where((years == 2022)[:, None, None], shares[0], shares[1:].mean(axis=0))
    totals = w1_totals(years, nets.sum(axis=(1, 2)))
    net = profile * totals[:, None, None]
    before = np.concatenate([base[None], published[:-1]])
    emigration = np.divide(np.maximum(-net, 0.0), before, out=np.zeros_like(net), where=before > 0)
    births = genesis.read_births_12612_0001(
        _file(real / "destatis-geburtenziffern", "12612-0001*.csv")
    )
    boys, girls = births[BASE_YEAR]
    rate_years = tuple(int(y) for y in years)
    rates = Rates(
        mortality=YearTable(rate_years, q[:, None]),
        fertility=YearTable((0,), fertility_cells(real / "destatis-geburtenziffern")[None, None]),
        immigrants=YearTable(rate_years, np.maximum(net, 0.0)[:, None]),
        emigration_rate=YearTable(rate_years, emigration[:, None]),
    )
    inputs = ForecastInputs(
        method="municipal",
        base_year=BASE_YEAR,
        horizon=HORIZON,
        step=1,
        areas=("DG",),
        ages=np.arange(101, dtype=np.int64),
        population=base[None],
        rates=rates,
        scenarios={"G2L2W1": Scenario("G2L2W1", {})},
        sex_ratio_at_birth=MultiplierPath.constant(boys / girls),
    )
    return DestatisCheck(inputs, years, published, k, totals)
