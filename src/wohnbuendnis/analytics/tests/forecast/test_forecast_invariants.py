"""Invariants of the municipal method, checked with hypothesis on random small cities."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.forecast.model import ForecastInputs, Rates, Scenario, YearTable

A = 101
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table(values: np.ndarray) -> YearTable:
    return YearTable((0,), values[None])


def make_inputs(seed: int, areas: int, moves: bool, years: int = 8) -> ForecastInputs:
    """Random but valid inputs: rates in range, shares summing to 1 over the areas."""
    rng = np.random.default_rng(seed)
    pop = rng.uniform(0, 500, (areas, 2, A)) * (rng.uniform(size=(areas, 2, A)) > 0.1)
    qx = np.clip(rng.uniform(0, 0.05, (1, 2, A)) + np.linspace(0, 0.5, A), 0, 1)
    asfr = np.zeros((1, A))
    asfr[0, 14:49] = rng.uniform(0, 0.12, 35)
    emig = rng.uniform(0, 0.2, (areas, 2, A))
    out = rng.uniform(0, 0.2, (areas, 2, A)) if moves else None
    share = rng.uniform(0.01, 1, (areas, 2, A)) if moves else None
    if share is not None:
        share /= share.sum(axis=0, keepdims=True)
    rates = Rates(
        mortality=table(qx),
        fertility=table(asfr),
        immigrants=table(rng.uniform(0, 30, (areas, 2, A))),
        emigration_rate=table(emig),
        move_out_rate=table(out) if out is not None else None,
        move_in_share=table(share) if share is not None else None,
    )
    return ForecastInputs(
        method="municipal",
        base_year=2020,
        horizon=2020 + years,
        step=1,
        areas=tuple(f"a{i:02d}" for i in range(areas)),
        ages=np.arange(A, dtype=np.int64),
        population=pop,
        rates=rates,
        scenarios={"s": Scenario("s", {})},
    )


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.booleans())
def test_no_count_is_ever_negative(seed: int, areas: int, moves: bool) -> None:
    result = project(make_inputs(seed, areas, moves))
    assert result.runs[0].population.min() >= 0.0
    assert result.runs[0].flows.min() >= 0.0


def uniform_emigration(inputs: ForecastInputs) -> ForecastInputs:
    """The same emigration rate in every area (city-wide rates make city totals comparable)."""
    assert inputs.rates.emigration_rate is not None
    emig = np.broadcast_to(inputs.rates.emigration_rate.values[0][:1], inputs.population.shape)
    return replace(inputs, rates=replace(inputs.rates, emigration_rate=table(emig.copy())))


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(2, 6))
def test_internal_moves_leave_the_city_total_unchanged(seed: int, areas: int) -> None:
    with_moves = uniform_emigration(make_inputs(seed, areas, moves=True))
    without = replace(
        with_moves, rates=replace(with_moves.rates, move_out_rate=None, move_in_share=None)
    )
    run = project(with_moves).runs[0]
    city = run.population.sum(axis=1)
    reference = project(without).runs[0].population.sum(axis=1)
    # city-wide rates: moving changes where people live, never how many there are
    np.testing.assert_allclose(city, reference, rtol=1e-10, atol=1e-7)
    flows = run.flows.sum(axis=(1, 2))
    np.testing.assert_allclose(flows[:, 4], flows[:, 5], rtol=1e-12)
    assert flows[:, 5].min() > 0  # moves happened
    # and the balance of every year holds without any move term
    change = np.diff(city.sum(axis=(-2, -1)))
    balance = flows[:, 0] - flows[:, 1] + flows[:, 2] - flows[:, 3]
    np.testing.assert_allclose(change, balance, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_without_fertility_mortality_and_migration_the_population_only_ages(
    seed: int, areas: int
) -> None:
    inputs = make_inputs(seed, areas, moves=True)
    zero = np.zeros_like
    rates = Rates(
        mortality=table(zero(inputs.rates.mortality.values[0])),
        fertility=table(zero(inputs.rates.fertility.values[0])),
        immigrants=table(zero(inputs.rates.immigrants.values[0])),
        emigration_rate=table(zero(inputs.population)),
    )
    population = project(replace(inputs, rates=rates)).runs[0].population
    base = inputs.population
    for k in range(1, population.shape[0]):
        expected = np.zeros_like(base)
        expected[..., k:100] = base[..., : 100 - k]
        expected[..., 100] = base[..., 100 - k :].sum(axis=-1)
        np.testing.assert_allclose(population[k], expected, rtol=1e-12)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(2, 5))
def test_one_area_equals_the_same_data_split_into_areas(seed: int, areas: int) -> None:
    # one emigration rate for everybody so that the split is a pure partition of the cells
    split = uniform_emigration(make_inputs(seed, areas, moves=False))
    emig = split.rates.emigration_rate.values[0]  # type: ignore[union-attr]
    merged = replace(
        split,
        areas=("all",),
        population=split.population.sum(axis=0, keepdims=True),
        rates=replace(
            split.rates,
            immigrants=table(split.rates.immigrants.values[0].sum(axis=0, keepdims=True)),
            emigration_rate=table(emig[:1].copy()),
        ),
    )
    summed = project(split).runs[0].population.sum(axis=1)
    whole = project(merged).runs[0].population[:, 0]
    np.testing.assert_allclose(summed, whole, rtol=1e-10)


def _shuffle_folder(source: Path, target: Path, seed: int) -> Path:
    target.mkdir()
    rng = np.random.default_rng(seed)
    for path in source.iterdir():
        if path.suffix != ".csv":
            (target / path.name).write_bytes(path.read_bytes())
            continue
        frame = pl.read_csv(path, infer_schema=False)
        order = rng.permutation(frame.height)
        columns = list(frame.columns)
        rng.shuffle(columns)
        frame[order].select(columns).write_csv(target / path.name)
    return target


def test_order_of_areas_rows_and_columns_does_not_change_results(
    city: Path, tmp_path: Path
) -> None:
    reference = project(read_inputs(city), draws=20, seed=3)
    for seed in range(3):
        shuffled = _shuffle_folder(city, tmp_path / f"s{seed}", seed)
        result = project(read_inputs(shuffled), draws=20, seed=3)
        for name, frame in reference.tables().items():
            assert result.tables()[name].equals(frame), name
