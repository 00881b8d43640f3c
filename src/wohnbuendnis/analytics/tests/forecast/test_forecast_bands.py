"""Honest bandwidths: the draws' spreads come from observed forecast errors (the Konstanz
ex-ante back-tests from the base years 2010–2024) and their 90 % band covers the observed
totals about 90 % of the time (docs/forecast-assumptions.md, section 4). ``pytest -rP`` prints
the figures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.forecast import uncertainty as u
from wohnbuendnis.analytics.forecast.draws import QUANTILE_COLUMNS
from wohnbuendnis.analytics.io.konstanz_errors import KonstanzData, base_years


@pytest.fixture(scope="module")
def konstanz(real_data: Path) -> tuple[KonstanzData, u.Errors]:
    data = KonstanzData(real_data)
    tests = []
    for base in base_years():
        backtest = project(data.inputs(base), backtest=base).runs[0].backtest
        assert backtest is not None
        tests.append(backtest)
    return data, u.errors_of(tests)


def test_reference_constants_are_those_of_the_konstanz_errors(
    konstanz: tuple[KonstanzData, u.Errors],
) -> None:
    _data, errors = konstanz
    assert len(errors.pe) == u.REFERENCE_PAIRS
    assert errors.best_beta() == pytest.approx(u.REFERENCE_BETA)
    assert errors.sigma(u.REFERENCE_BETA) == pytest.approx(u.REFERENCE_SIGMA, abs=0.001)


def test_the_90_percent_band_covers_about_90_percent(
    konstanz: tuple[KonstanzData, u.Errors],
) -> None:
    _data, errors = konstanz
    coverage = errors.coverage(u.REFERENCE_SIGMA)
    print(f"Konstanz: {len(errors.pe)} pairs, coverage of the 90 % band {100 * coverage:.1f} %")
    assert 0.85 <= coverage <= 0.97


def test_calibrated_draws_cover_the_observed_totals(
    konstanz: tuple[KonstanzData, u.Errors],
) -> None:
    """The engine's draws, calibrated from the errors, give the band of the model: on the
    back-tests themselves the share of observed totals inside p05–p95 is about 90 %."""
    data, _errors = konstanz
    inside = total = 0
    for base in base_years():
        inputs = data.inputs(base)
        inputs = replace(inputs, draws=u.calibrated_draws(inputs, u.REFERENCE_SIGMA))
        result = project(inputs, backtest=base, draws=200, seed=base).runs[0]
        assert result.quantiles is not None and result.backtest is not None
        q = result.quantiles[1:, 0, 0]  # [year, quantile] of the population
        observed = result.backtest.observed[:, 0, 0]
        low, high = q[:, QUANTILE_COLUMNS.index("p05")], q[:, QUANTILE_COLUMNS.index("p95")]
        inside += int(((low <= observed) & (observed <= high)).sum())
        total += len(observed)
    print(f"Konstanz: calibrated draws cover {inside} of {total} observed totals")
    assert total == u.REFERENCE_PAIRS
    assert 0.85 <= inside / total <= 0.97


def test_calibrated_band_of_a_city_is_a_few_percent(city: Path) -> None:
    inputs = read_inputs(city)
    inputs = replace(inputs, draws=u.calibrated_draws(inputs, u.REFERENCE_SIGMA))
    result = project(inputs, scenario="mittel", draws=400, seed=3).runs[0]
    assert result.quantiles is not None
    q = result.quantiles[:, :, 0].sum(axis=1)  # city: sum over areas [year, quantile]
    middle = result.population.sum(axis=(1, 2, 3))
    h = np.arange(len(middle), dtype=float)
    half = (q[:, QUANTILE_COLUMNS.index("p95")] - q[:, QUANTILE_COLUMNS.index("p05")]) / 2
    expected = u.Z90 * u.REFERENCE_SIGMA / 100 * h**u.REFERENCE_BETA * middle
    np.testing.assert_allclose(half[1:], expected[1:], rtol=0.25)
