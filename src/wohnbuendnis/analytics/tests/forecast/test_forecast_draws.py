"""Stochastic draws, the Dask path (bit for bit), back-testing and the housing-led variant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.forecast.draws import QUANTILE_COLUMNS
from wohnbuendnis.analytics.forecast.model import DrawSettings


def test_quantiles_are_ordered_and_bracket_the_deterministic_path(city: Path) -> None:
    inputs = read_inputs(city)
    result = project(inputs, scenario="mittel", draws=200, seed=7)
    q = result.quantiles
    values = q.select(QUANTILE_COLUMNS).to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()
    total = result.population.filter(year=2034).group_by("area").agg(pl.col("count").sum())
    band = q.filter(year=2034, measure="population").join(total, on="area")
    assert (band["p05"] < band["count"]).all() and (band["count"] < band["p95"]).all()
    # the band widens with the years ahead
    width = q.filter(measure="population", area="01").select(pl.col("p95") - pl.col("p05"))
    assert (width.to_series().diff().drop_nulls() >= 0).all()


def test_zero_sd_draws_equal_the_deterministic_projection(city: Path) -> None:
    inputs = replace(read_inputs(city), draws=DrawSettings())
    result = project(inputs, scenario="hoch", draws=5, seed=1)
    runs = result.runs[0]
    assert runs.quantiles is not None
    deterministic = runs.population.sum(axis=(2, 3))
    # draws run in single precision (draws.DRAW_DTYPE): 7 significant digits
    np.testing.assert_allclose(runs.quantiles[:, :, 0, 3], deterministic, rtol=2e-6)


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A LocalCluster with 2 workers (threads, processes=False: process start-up is too slow
    for a unit test; the benchmark runs worker processes)."""
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_path_is_bit_identical(city: Path, tmp_path: Path, cluster_address: str) -> None:
    inputs = read_inputs(city)
    local = project(inputs, draws=40, seed=5)
    remote = project(inputs, draws=40, seed=5, scheduler=cluster_address)
    for a, b in zip(local.runs, remote.runs, strict=True):
        assert np.array_equal(a.population, b.population)
        assert np.array_equal(a.flows, b.flows)
        assert np.array_equal(a.quantiles, b.quantiles)  # type: ignore[arg-type]
    local.write(tmp_path / "local")
    remote.write(tmp_path / "remote")
    for path in (tmp_path / "local").glob("*.csv"):
        assert path.read_bytes() == (tmp_path / "remote" / path.name).read_bytes(), path.name


def test_dask_splits_areas_without_internal_moves(
    tmp_path: Path, cluster_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forecast_city import write_city

    from wohnbuendnis.analytics.forecast import distributed

    inputs = read_inputs(write_city(tmp_path / "in", moves=False))
    monkeypatch.setattr(distributed, "CELLS_PER_TASK", 202)  # one area per task
    assert len(distributed.area_blocks(inputs)) == 3
    remote = project(inputs, draws=12, seed=2, scheduler=cluster_address)
    local = project(inputs, draws=12, seed=2)
    for a, b in zip(local.runs, remote.runs, strict=True):
        assert np.array_equal(a.population, b.population)
        assert np.array_equal(a.flows, b.flows)
        assert np.array_equal(a.quantiles, b.quantiles)  # type: ignore[arg-type]


def test_backtest_reports_pe_ape_and_weighted_ape(city: Path) -> None:
    # observed 2025 and 2026 = the model's own projection with +3 % in area 01
    inputs = read_inputs(city)
    truth = project(inputs, scenario="mittel").runs[0].population
    observed = {2025: truth[1] * 1.0, 2026: truth[2] * 1.0}
    observed[2026][0] *= 1.03
    shifted = replace(inputs, observed=observed)
    result = project(shifted, scenario="mittel", backtest=2024)
    summary = result.backtest_summary.filter(year=2026).sort("area")
    np.testing.assert_allclose(summary["ape_total"], [100 * (1 - 1 / 1.03), 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(summary["weighted_ape"][1:], [0.0, 0.0], atol=1e-9)
    detail = result.backtest.filter(year=2026, area="01", age_group="total")
    assert detail["pe"][0] == pytest.approx(-100 * (1 - 1 / 1.03))


def test_backtest_accuracy_adds_the_sum_of_the_areas(city: Path) -> None:
    # the city's accuracy is that of its summed counts: area 01 +3 % moves the total by
    # 3 % of area 01's share, computed here by hand from the observed and projected totals
    inputs = read_inputs(city)
    truth = project(inputs, scenario="mittel").runs[0].population
    observed = {2025: truth[1] * 1.0, 2026: truth[2] * 1.0}
    observed[2026][0] *= 1.03
    result = project(replace(inputs, observed=observed), scenario="mittel", backtest=2024)
    table = result.backtest_accuracy(total="Stadt").filter(year=2026)
    areas = table.filter(pl.col("area") != "Stadt")
    city_row = table.filter(area="Stadt").row(0, named=True)
    assert city_row["observed"] == pytest.approx(areas["observed"].sum())
    assert city_row["projected"] == pytest.approx(areas["projected"].sum())
    expected = 100 * abs(city_row["projected"] - city_row["observed"]) / city_row["observed"]
    assert city_row["ape_total"] == pytest.approx(expected)
    assert 0 < city_row["ape_total"] < 100 * (1 - 1 / 1.03)
    summary = result.backtest_summary.filter(year=2026).sort("area")
    np.testing.assert_allclose(areas.sort("area")["ape_total"], summary["ape_total"])
    np.testing.assert_allclose(areas.sort("area")["weighted_ape"], summary["weighted_ape"])


def test_housing_led_population_meets_the_implied_population(city: Path) -> None:
    from wohnbuendnis.analytics.forecast.housing_led import implied_population

    inputs = read_inputs(city)
    trend = project(inputs, scenario="mittel").runs[0]
    led = project(inputs, scenario="mittel", housing_led=True).runs[0]
    target = implied_population(inputs, trend.population)
    np.testing.assert_allclose(led.population.sum(axis=(2, 3))[1:], target[1:], rtol=1e-6)
    assert led.population.min() >= 0
