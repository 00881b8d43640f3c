"""Re-basing the inputs on observed totals: the forecast starts from the monitoring.

The monitoring knows totals per area (population, households, dwellings), the input folder the
structure by sex and single age. :func:`with_observed_totals` keeps the structure and takes the
totals: each area's cells of a year are scaled to its observed population of that year (the base
year and the observed years of the back-test alike), its headship rates by one factor so that
the base year's households are the observed ones, and its dwelling stock is the observed one.
Areas or years without an observed value keep the input folder's numbers.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from wohnbuendnis.analytics.forecast.households import households
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs, YearTable


def _scaled(cells: FloatArray, totals: FloatArray) -> FloatArray:
    """``cells`` ``[area, sex, age]`` scaled per area to ``totals`` ``[area]`` (NaN: unchanged)."""
    current = cells.sum(axis=(1, 2))
    factor = np.where(
        np.isfinite(totals) & (current > 0), totals / np.where(current > 0, current, 1.0), 1.0
    )
    result: FloatArray = cells * factor[:, None, None]
    return result


def with_observed_totals(
    inputs: ForecastInputs,
    population: dict[int, FloatArray],
    households_count: FloatArray | None = None,
    stock: FloatArray | None = None,
) -> ForecastInputs:
    """``inputs`` with the observed totals; all arrays ``[area]`` in the order of
    ``inputs.areas``, NaN where nothing was observed. ``population`` maps years to totals."""
    base = inputs.population
    if inputs.base_year in population:
        base = _scaled(base, population[inputs.base_year])
    observed = {
        year: _scaled(cells, population[year]) if year in population else cells
        for year, cells in inputs.observed.items()
    }
    result = replace(inputs, population=base, observed=observed)
    if households_count is not None and inputs.households is not None:
        hh = inputs.households
        now = households(base[None], np.array([inputs.base_year]), hh)[0][0]
        factor = np.where(
            np.isfinite(households_count) & (now > 0),
            households_count / np.where(now > 0, now, 1.0),
            1.0,
        )
        values = np.broadcast_to(
            hh.headship.values,
            (hh.headship.values.shape[0], len(inputs.areas), *hh.headship.values.shape[2:]),
        )
        headship = YearTable(hh.headship.years, values * factor[None, :, None, None])
        result = replace(result, households=replace(hh, headship=headship))
    if stock is not None and inputs.dwellings is not None:
        new = np.where(np.isfinite(stock), stock, inputs.dwellings.stock)
        result = replace(result, dwellings=replace(inputs.dwellings, stock=new))
    return result
