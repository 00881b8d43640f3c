"""Households by headship rates and the housing-demand component model, by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.forecast.households import (
    households,
    housing_demand,
    need_by_size,
)
from wohnbuendnis.analytics.forecast.model import Dwellings, Households, YearTable


def test_households_are_headship_rates_times_private_population() -> None:
    population = np.zeros((1, 1, 2, 101))
    population[0, 0, 0, 30] = 1000.0  # women aged 30
    population[0, 0, 1, 80] = 500.0  # men aged 80
    rates = np.zeros((1, 1, 2, 101))
    rates[0, 0, 0, 18:65] = 0.5
    rates[0, 0, 1, 65:] = 0.7
    institutional = np.zeros((1, 2, 101))
    institutional[0, 1, 80] = 100.0
    hh = Households(YearTable((0,), rates), institutional=institutional)
    count, private, heads = households(population, np.array([2024]), hh)
    assert count[0, 0] == pytest.approx(1000 * 0.5 + 400 * 0.7)
    assert private[0, 0] == pytest.approx(1400.0)
    assert heads[0, 0, 80] == pytest.approx(280.0)


def test_component_model_by_hand() -> None:
    hh = np.array([[1000.0, 0.0], [1100.0, 0.0], [1050.0, 0.0]])  # area 2 has no households
    dwellings = Dwellings(
        stock=np.array([1000.0, 50.0]),
        vacant_usable=np.array([10.0, 0.0]),
        fluctuation_reserve=np.array([0.02, 0.02]),
        demolition_rate=np.array([0.002, 0.002]),
        backlog_years=np.array([2, 2]),
        completions=np.array([[200.0, 0.0], [0.0, 0.0]]),
    )
    demand = housing_demand(hh, dwellings).values
    target = hh[:, 0] * 1.02
    backlog = (target[0] - 1000 - 10) / 2
    np.testing.assert_allclose(demand["target_stock"][:, 0], target)
    # year 1: additional 102, replacement 2, backlog 5, no surplus
    assert demand["additional"][1, 0] == pytest.approx(102.0)
    assert demand["replacement"][1, 0] == pytest.approx(2.0)
    assert demand["backlog"][1, 0] == pytest.approx(backlog)
    assert demand["new_construction_need"][1, 0] == pytest.approx(102 + 2 + backlog)
    assert demand["stock"][1, 0] == pytest.approx(1000 + 200 - 2)
    # year 2: households shrink, no additional demand; the stock (1198) exceeds the need
    # (1122), so the vacancy credit covers the replacement
    assert demand["additional"][2, 0] == 0.0
    assert demand["vacancy_credit"][2, 0] == pytest.approx(demand["replacement"][2, 0])
    assert demand["new_construction_need"][2, 0] == pytest.approx(backlog)
    # area 2 (empty) is never netted against area 1: its surplus stays its own
    assert demand["new_construction_need"][:, 1].max() == 0.0
    np.testing.assert_allclose(demand["balance"], demand["stock"] - demand["target_stock"])


def test_need_by_size_follows_growing_classes() -> None:
    by_size = np.array([[[10.0, 10.0, 5.0, 2.0, 1.0]], [[14.0, 10.0, 6.0, 2.0, 1.0]]])
    need = np.array([[0.0], [10.0]])
    split = need_by_size(by_size, need)
    np.testing.assert_allclose(split[1, 0], [8.0, 0.0, 2.0, 0.0, 0.0])


def test_city_households_are_consistent(city: Path) -> None:
    result = project(read_inputs(city), scenario="mittel")
    frame = result.households
    by_size = result.households_by_size.group_by("area", "year").agg(pl.col("households").sum())
    joined = frame.join(by_size, on=["area", "year"], suffix="_sizes")
    np.testing.assert_allclose(joined["households"], joined["households_sizes"], rtol=1e-12)
    need = result.housing_demand.select("area", "year", "new_construction_need")
    size_need = result.households_by_size.group_by("area", "year").agg(
        pl.col("new_construction_need").sum()
    )
    joined = need.join(size_need, on=["area", "year"], suffix="_sizes")
    np.testing.assert_allclose(
        joined["new_construction_need"], joined["new_construction_need_sizes"], atol=1e-9
    )
    assert frame["average_size"].is_between(1.2, 4.0).all()
