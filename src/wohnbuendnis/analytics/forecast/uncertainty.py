"""Bandwidths from observed forecast errors (docs/forecast-assumptions.md, section 4).

A back-test gives the percentage error ``e`` of the total population ``h`` years after its base
year. The model is e(h) ~ N(0, (σ · h^β)²) (errors grow with the horizon, less than linearly
in the Konstanz data); β and σ are estimated by maximum likelihood over every (base year,
horizon) pair: σ² = mean(e² / h^(2β)), β on a grid. The 90 % band is ±1.645 · σ · h^β.

The engine's draws (``[draws]``) are calibrated to that band: with ``horizon_exponent = β − 1``
a draw's multipliers deviate most in the first years and less later (migration surprises fade),
so the deviation of the population, their sum over the years, grows about as h^β; the standard
deviations of the three components keep their given ratio (the mix) and are scaled by one
factor ``k`` so that the spread of the total matches σ · h^β in least squares over the
projected years. The spread of the total is computed from the
engine's own sensitivity to each multiplier (central differences of deterministic runs), so
no random numbers enter the calibration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from wohnbuendnis.analytics.forecast.backtest import Backtest
from wohnbuendnis.analytics.forecast.model import DrawSettings, FloatArray, ForecastInputs, IntArray
from wohnbuendnis.analytics.forecast.simulate import Multipliers, scenario_multipliers, simulate

Z90 = 1.6448536269514722  # standard normal quantile of 95 %: the 90 % band is ±Z90 · sd
DEFAULT_MIX = (0.25, 0.25, 1.0)  # fertility : mortality : immigration (migration dominates)
DELTA = 0.05  # relative change of a multiplier for the central differences

# The reference: errors of the Konstanz ex-ante back-tests (analytics/io/konstanz_errors.py,
# base years 2010–2024, horizons 1–15), recomputed from ../shared/data by
# analytics/tests/forecast/test_forecast_bands.py.
REFERENCE_SIGMA = 0.868  # % at one year ahead
REFERENCE_BETA = 0.6  # growth exponent of the error with the horizon
REFERENCE_PAIRS = 120  # (base year, horizon) pairs behind it
BETAS = tuple(round(0.3 + 0.05 * i, 2) for i in range(15))  # 0.3 … 1.0


@dataclass(frozen=True)
class Errors:
    """Percentage errors ``pe`` (projected − observed, % of observed) of the total population at
    ``horizon`` years after the base year, one entry per (back-test, year) pair."""

    horizon: IntArray
    pe: FloatArray

    def sigma(self, beta: float = REFERENCE_BETA) -> float:
        """σ (% at one year ahead), the maximum-likelihood estimate of e(h) ~ N(0, (σ h^β)²)."""
        if not len(self.pe):
            return float("nan")
        return float(np.sqrt(np.mean(self.pe**2 / self.horizon ** (2 * beta))))

    def log_likelihood(self, beta: float) -> float:
        """Log-likelihood (up to a constant) of the errors with β and its best σ."""
        var = self.sigma(beta) ** 2 * self.horizon ** (2 * beta)
        return float(-0.5 * np.sum(np.log(var) + self.pe**2 / var))

    def best_beta(self) -> float:
        """β of :data:`BETAS` with the highest likelihood."""
        return max(BETAS, key=self.log_likelihood)

    def coverage(self, sigma: float, beta: float = REFERENCE_BETA, z: float = Z90) -> float:
        """Share of the observed totals inside the band ±z · σ · h^β (0…1)."""
        return float(np.mean(np.abs(self.pe) <= z * sigma * self.horizon**beta))

    def __add__(self, other: Errors) -> Errors:
        return Errors(
            np.concatenate([self.horizon, other.horizon]), np.concatenate([self.pe, other.pe])
        )


def errors_of(backtests: Iterable[Backtest]) -> Errors:
    """The errors of the city total (the sum of all areas) of each back-test."""
    horizons: list[IntArray] = []
    pes: list[FloatArray] = []
    for test in backtests:
        observed = test.observed[..., 0].sum(axis=1)
        projected = test.projected[..., 0].sum(axis=1)
        keep = observed > 0
        horizons.append((test.years - test.base_year)[keep])
        pes.append((100.0 * (projected - observed) / np.where(keep, observed, 1.0))[keep])
    if not horizons:
        return Errors(np.zeros(0, dtype=np.int64), np.zeros(0))
    return Errors(np.concatenate(horizons), np.concatenate(pes))


def pooled_sigma(own: Errors | None = None) -> float:
    """σ of the reference errors and ``own`` (a user's back-tests) together with the reference
    β, each (base year, horizon) pair counted once:
    σ² = (n_ref σ_ref² + Σ e² / h^(2β)) / (n_ref + n_own)."""
    total = REFERENCE_PAIRS * REFERENCE_SIGMA**2
    count = REFERENCE_PAIRS
    if own is not None and len(own.pe):
        total += float(np.sum(own.pe**2 / own.horizon ** (2 * REFERENCE_BETA)))
        count += len(own.pe)
    return float(np.sqrt(total / count))


def _totals(inputs: ForecastInputs, mult: Multipliers) -> FloatArray:
    population, _ = simulate(inputs, mult, components=False)
    totals: FloatArray = population.sum(axis=(1, 2, 3))[1:]
    return totals


def sensitivities(inputs: ForecastInputs, scenario: str, exponent: float) -> FloatArray:
    """Relative change of the total per unit ``z · sd`` of each component ``[steps, 3]``
    (fertility, mortality, immigration) when a draw's multiplier is 1 + z · sd · h^exponent
    (central differences around ``scenario``)."""
    base = scenario_multipliers(inputs, inputs.scenarios[scenario])
    shape = (inputs.years - inputs.base_year).astype(np.float64) ** exponent
    result = np.empty((len(inputs.years), 3))
    middle = _totals(inputs, base)
    for k, name in enumerate(("fertility", "mortality", "immigration")):
        path = getattr(base, name)
        up = _totals(inputs, replace(base, **{name: path * (1 + DELTA * shape)}))
        down = _totals(inputs, replace(base, **{name: path * (1 - DELTA * shape)}))
        result[:, k] = (up - down) / (2 * DELTA * middle)
    return result


def spread(settings: DrawSettings, sens: FloatArray) -> FloatArray:
    """Standard deviation of the total's relative deviation per projected year (linearised;
    exact in the limit of small standard deviations)."""
    sds = np.array([settings.fertility_sd, settings.mortality_sd, settings.immigration_sd])
    result: FloatArray = np.sqrt(((sens * sds) ** 2).sum(axis=1))
    return result


def calibrated_draws(
    inputs: ForecastInputs,
    sigma: float,
    beta: float = REFERENCE_BETA,
    scenario: str | None = None,
    mix: tuple[float, float, float] | None = None,
) -> DrawSettings:
    """Draw settings whose 90 % band of the total is ±1.645 · σ · h^β (σ in %).

    ``mix`` the ratio of the three standard deviations; by default the ratio of the inputs'
    ``[draws]`` values, or :data:`DEFAULT_MIX` when those are all zero. ``scenario`` the
    scenario the sensitivities are taken at (by default "mittel", else the first).
    """
    if scenario is None:
        scenario = "mittel" if "mittel" in inputs.scenarios else sorted(inputs.scenarios)[0]
    given = (inputs.draws.fertility_sd, inputs.draws.mortality_sd, inputs.draws.immigration_sd)
    ratio = np.array(mix or (given if any(given) else DEFAULT_MIX), dtype=np.float64)
    exponent = beta - 1.0
    sens = sensitivities(inputs, scenario, exponent)
    unit = spread(DrawSettings(*ratio.tolist()), sens)
    target = sigma / 100.0 * (inputs.years - inputs.base_year).astype(np.float64) ** beta
    k = float((unit * target).sum() / (unit**2).sum()) if (unit > 0).any() else 0.0
    sds = (k * ratio).tolist()
    return DrawSettings(sds[0], sds[1], sds[2], horizon_exponent=exponent)
