"""Typed containers for the forecast inputs (contract: ../shared/spec/forecast.md).

Arrays are float64 and indexed ``[area, sex, age]`` with sex 0 = ``f``, 1 = ``m`` and the ages of
:attr:`ForecastInputs.ages` (single years 0…100+ or the first ages of 5-year groups). A leading
``year`` axis holds year-dependent rates; a size-1 area axis means "the same for every area".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SEXES = ("f", "m")
COMPONENTS = ("fertility", "mortality", "immigration", "emigration")


@dataclass(frozen=True)
class Path:
    """A multiplier path: values at given years, linear in between, constant outside.

    ``years`` ascending (int), ``values`` the multipliers at those years (same length).
    """

    years: tuple[int, ...]
    values: tuple[float, ...]

    def at(self, years: IntArray) -> FloatArray:
        """Multipliers for each year of ``years`` (shape as ``years``), linear interpolation."""
        return np.interp(
            years.astype(np.float64),
            np.asarray(self.years, dtype=np.float64),
            np.asarray(self.values, dtype=np.float64),
        )

    @classmethod
    def constant(cls, value: float) -> Path:
        """A path that is ``value`` in every year."""
        return cls((0,), (float(value),))


@dataclass(frozen=True)
class YearTable:
    """Values that hold from each given year on; the last given year carries forward.

    ``years`` ascending ints (a single 0 when the file had no ``year`` column), ``values`` with a
    leading axis of the same length. Years before the first given year use the first row.
    """

    years: tuple[int, ...]
    values: FloatArray

    def at(self, year: int) -> FloatArray:
        """The row that holds in ``year`` (view, no copy)."""
        index = int(np.searchsorted(np.asarray(self.years), year, side="right")) - 1
        row: FloatArray = self.values[max(index, 0)]
        return row


@dataclass(frozen=True)
class Scenario:
    """An assumption set: one multiplier path per component of :data:`COMPONENTS`."""

    name: str
    paths: dict[str, Path]

    def multipliers(self, years: IntArray) -> dict[str, FloatArray]:
        """Multipliers per component for ``years`` (missing components are 1)."""
        one = Path.constant(1.0)
        return {c: self.paths.get(c, one).at(years) for c in COMPONENTS}


@dataclass(frozen=True)
class DrawSettings:
    """Standard deviations of the per-draw multipliers; they grow ∝ (years ahead) ** exponent.

    ``horizon_exponent`` 0.5 (the contract's default) lets the multiplier's spread grow with the
    square root of the years ahead; 0 keeps it constant; a negative value lets it fade, so that
    the spread of the population grows as observed forecast errors do (an optional key of
    ``[draws]`` between −1 and 1, a compatible extension of forecast.md; see
    ``uncertainty.py``).
    """

    fertility_sd: float = 0.0
    mortality_sd: float = 0.0
    immigration_sd: float = 0.0
    horizon_exponent: float = 0.5


@dataclass(frozen=True)
class Households:
    """Headship rates (``YearTable`` of ``[area|1, sex, age]``), optional size shares
    ``[area|1, age, 5]`` and institutional population ``[area, sex, age]`` (persons)."""

    headship: YearTable
    size_shares: FloatArray | None = None
    institutional: FloatArray | None = None


@dataclass(frozen=True)
class Dwellings:
    """Per-area dwelling stock and parameters of the component model (all shape ``[area]``);
    ``completions`` planned completions ``[area, year]`` for the projected years."""

    stock: FloatArray
    vacant_usable: FloatArray
    fluctuation_reserve: FloatArray
    demolition_rate: FloatArray
    backlog_years: IntArray
    completions: FloatArray


@dataclass(frozen=True)
class Rates:
    """The demographic rates of one run.

    ``mortality``: qx ``[area|1, sex, age]`` (municipal) or Lx ``[area|1, sex, age]`` with the open
    row holding T (ccmpp-un). ``fertility``: asfr per woman and year ``[area|1, age]`` indexed like
    the cells. ``immigrants``/``net``: persons per year resp. per step ``[area, sex, age]``;
    ``emigration_rate``, ``move_out_rate``, ``move_in_share``: ``[area, sex, age]``.
    """

    mortality: YearTable
    fertility: YearTable
    immigrants: YearTable
    emigration_rate: YearTable | None = None
    move_out_rate: YearTable | None = None
    move_in_share: YearTable | None = None


@dataclass(frozen=True)
class ForecastInputs:
    """Everything :func:`~wohnbuendnis.analytics.forecast.project` needs, already validated.

    ``areas`` sorted (results never depend on input order); ``population`` the base population on
    31.12. of ``base_year`` ``[area, sex, age]``; ``observed`` further years of population.csv
    (for back-testing); ``sources`` file name → SHA-256 for ``run.json``.
    """

    method: str
    base_year: int
    horizon: int
    step: int
    areas: tuple[str, ...]
    ages: IntArray
    population: FloatArray
    rates: Rates
    scenarios: dict[str, Scenario]
    sex_ratio_at_birth: Path = field(default_factory=lambda: Path.constant(1.05))
    newborn_exposure: float = 0.5
    l0: float = 100000.0
    draws: DrawSettings = field(default_factory=DrawSettings)
    households: Households | None = None
    dwellings: Dwellings | None = None
    observed: dict[int, FloatArray] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> IntArray:
        """Projected years (31.12. at the end of each step), shape ``[steps]``.

        Rates with a ``year`` column are looked up at the first year of the step,
        ``year − step + 1``.
        """
        return np.arange(self.base_year + self.step, self.horizon + 1, self.step, dtype=np.int64)
