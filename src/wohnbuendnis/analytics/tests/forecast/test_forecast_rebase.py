"""Re-basing the inputs on observed totals (the forecast starts from the monitoring)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.forecast.rebase import with_observed_totals


def test_totals_households_and_stock_are_taken(city: Path) -> None:
    inputs = read_inputs(city)
    n = len(inputs.areas)
    wanted = inputs.population.sum(axis=(1, 2)) * np.linspace(0.8, 1.2, n)
    wanted[-1] = np.nan  # not observed: unchanged
    households = np.full(n, 1000.0)
    stock = np.full(n, 1234.0)
    rebased = with_observed_totals(inputs, {inputs.base_year: wanted}, households, stock)
    totals = rebased.population.sum(axis=(1, 2))
    np.testing.assert_allclose(totals[:-1], wanted[:-1])
    assert totals[-1] == inputs.population[-1].sum()
    # the structure by sex and age is kept
    share = rebased.population[0] / totals[0]
    np.testing.assert_allclose(share, inputs.population[0] / inputs.population[0].sum())
    result = project(rebased, scenario="mittel").runs[0]
    if rebased.households is not None:
        assert result.households is not None
        np.testing.assert_allclose(result.households[0], households)
    if rebased.dwellings is not None:
        np.testing.assert_allclose(rebased.dwellings.stock, stock)
