"""Back-testing: project from an earlier base year and compare with observed populations.

Measures as in propop's ``compute_measures`` (Swiss FSO): error = projected − observed,
percentage error PE = 100 · error / observed, absolute percentage error APE = |PE|, and the
population-weighted APE over age groups (WAPE = Σ observed_g · APE_g / Σ observed_g).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs, IntArray
from wohnbuendnis.analytics.io.errors import Code, InputError

AGE_GROUPS = ((0, 17), (18, 29), (30, 39), (40, 49), (50, 59), (60, 100))
GROUP_LABELS = ("total", *(f"{a}-{b}" if b < 100 else f"{a}+" for a, b in AGE_GROUPS))


@dataclass(frozen=True)
class Backtest:
    """Observed and projected persons ``[year, area, group]`` (group 0 = total, then
    :data:`AGE_GROUPS`) for the observed ``years`` after the back-test base year."""

    base_year: int
    years: IntArray
    observed: FloatArray
    projected: FloatArray

    @property
    def error(self) -> FloatArray:
        """Projected − observed (persons), ``[year, area, group]``."""
        return self.projected - self.observed

    @property
    def pe(self) -> FloatArray:
        """Percentage error (%), ``[year, area, group]``; NaN where nothing was observed."""
        return np.divide(
            100.0 * self.error,
            self.observed,
            out=np.full_like(self.error, np.nan),
            where=self.observed > 0,
        )

    @property
    def ape(self) -> FloatArray:
        """Absolute percentage error (%), ``[year, area, group]``."""
        return np.abs(self.pe)

    @property
    def weighted_ape(self) -> FloatArray:
        """Population-weighted APE over the age groups (%), ``[year, area]``."""
        weights = self.observed[..., 1:]
        ape = np.nan_to_num(self.ape[..., 1:])
        total = weights.sum(axis=-1)
        result: FloatArray = np.divide(
            (weights * ape).sum(axis=-1), total, out=np.full_like(total, np.nan), where=total > 0
        )
        return result

    def with_total(self) -> Backtest:
        """The same comparison with the sum of all areas appended as one more, last area
        (``[year, area + 1, group]``): the city's accuracy is that of its summed counts, not an
        average of the areas' errors."""
        observed = np.concatenate([self.observed, self.observed.sum(axis=1, keepdims=True)], 1)
        projected = np.concatenate([self.projected, self.projected.sum(axis=1, keepdims=True)], 1)
        return Backtest(self.base_year, self.years, observed, projected)


def group_sums(population: FloatArray, ages: IntArray) -> FloatArray:
    """Total and age-group sums ``[..., area, 7]`` of ``[..., area, sex, age]`` (by first age)."""
    by_age = population.sum(axis=-2)
    edges = np.searchsorted(ages, [a for a, _ in AGE_GROUPS])
    groups = np.add.reduceat(by_age, edges, axis=-1)
    return np.concatenate([by_age.sum(axis=-1)[..., None], groups], axis=-1)


def backtest_inputs(inputs: ForecastInputs, year: int) -> tuple[ForecastInputs, IntArray]:
    """Inputs re-based on the observed population of ``year``; returns them and the observed
    years used for comparison (after ``year``, on the step grid)."""
    observed = {**inputs.observed, inputs.base_year: inputs.population}
    if year not in observed:
        raise InputError("population.csv", Code.BACKTEST_YEAR, column="year", params={"year": year})
    later = np.array(
        sorted(y for y in observed if y > year and (y - year) % inputs.step == 0), dtype=np.int64
    )
    if not len(later):
        raise InputError("population.csv", Code.BACKTEST_YEAR, column="year", params={"year": year})
    rebased = replace(
        inputs,
        base_year=year,
        horizon=int(later[-1]),
        population=observed[year],
        observed=observed,
        dwellings=None,
    )
    return rebased, later


def compare(inputs: ForecastInputs, projected: FloatArray, years: IntArray) -> Backtest:
    """Compare a projection ``[steps + 1, area, sex, age]`` of re-based ``inputs`` with the
    observed populations of ``years``."""
    index = (years - inputs.base_year) // inputs.step
    proj = group_sums(projected[index], inputs.ages)
    obs = group_sums(np.stack([inputs.observed[int(y)] for y in years]), inputs.ages)
    return Backtest(inputs.base_year, years, obs, proj)
