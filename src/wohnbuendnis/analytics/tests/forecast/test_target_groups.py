"""Demand by target group against hand-computed numbers."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from wohnbuendnis.analytics.forecast import target_groups as tg


def test_the_default_rates_are_the_documented_federal_ratios() -> None:
    # 3.5 million households with mobility restrictions / 18,671,500 persons aged 65+ (2022)
    assert_allclose(tg.ACCESSIBLE_PER_PERSON_65_PLUS, 0.187452, atol=1e-6)
    # 6.3 million of 41.5 million households below the income limits
    assert_allclose(tg.LOW_INCOME_SHARE, 0.151807, atol=1e-6)


def test_accessible_need_and_gap() -> None:
    persons = np.array([10_000.0, 11_000.0, 12_500.0])
    need = tg.accessible_need(persons, rate=0.2)
    assert_allclose(need, [2000.0, 2200.0, 2500.0])
    stock = tg.stock_path(tg.Stock(1500.0, np.array([99.0, 30.0, 0.0]), np.zeros(3)))
    assert_allclose(stock, [1500.0, 1530.0, 1530.0])  # the base year's flow is ignored
    assert_allclose(tg.gap(need, stock), [500.0, 670.0, 970.0])


def test_bound_stock_falls_with_the_bindings_that_end_and_is_unknown_after() -> None:
    years = np.array([2024, 2025, 2026, 2027, 2028, 2029, 2030])
    # 1,000 bindings end within five years of 2024: 200 a year 2025–2029, unknown in 2030
    ending = tg.spread_expiring(1000.0, 2024, years)
    assert_allclose(ending, [0, 200, 200, 200, 200, 200, np.nan])
    added = np.array([0.0, 50.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    path = tg.stock_path(tg.Stock(8000.0, added, ending))
    assert_allclose(path, [8000, 7850, 7650, 7450, 7250, 7050, np.nan])
    households = np.full(7, 50_000.0)
    need = tg.low_income_households(households, share=0.16)
    assert_allclose(need, 8000.0)
    assert_allclose(tg.gap(need, path)[:3], [0.0, 150.0, 350.0])
    assert np.isnan(tg.gap(need, path)[-1])


def test_a_figure_stated_before_the_base_year_counts_only_its_remaining_years() -> None:
    years = np.array([2024, 2025, 2026, 2028])
    ending = tg.spread_expiring(500.0, 2022, years)
    assert_allclose(ending, [100.0, 100.0, 100.0, np.nan])  # 2023–2027: 2028 is unknown
    # the base year's endings are in its stock already: three years of 100 remain
    path = tg.stock_path(tg.Stock(1000.0, np.zeros(4), ending))
    assert_allclose(path, [1000.0, 900.0, 800.0, np.nan])


def test_an_unknown_base_leaves_the_whole_path_unknown() -> None:
    path = tg.stock_path(tg.Stock(float("nan"), np.zeros(3), np.zeros(3)))
    assert np.isnan(path).all()
