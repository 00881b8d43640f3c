"""Goal evaluation: measured values against targets (contract: ``spec/monitoring.md``).

The rule follows the NRW guide "Handlungskonzepte Wohnen" (seed 003, the Unna example): every
goal is judged as ``unter`` (Zielunterschreitung), ``erreicht`` (Ziel erreicht) or ``ueber``
(Zielüberschreitung) with a relative tolerance; band goals as ``unter``/``im_korridor``/``ueber``.
Pure functions on dataclasses and polars frames; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

DEFAULT_TOLERANCE = 0.05


class Kind(StrEnum):
    """How the target of a goal is meant."""

    ANNUAL = "annual"
    CUMULATIVE = "cumulative"
    BAND = "band"


class Direction(StrEnum):
    """Whether more (``up``) or less (``down``) of the indicator serves the goal."""

    UP = "up"
    DOWN = "down"


class Result(StrEnum):
    """Result of one goal in one year."""

    UNTER = "unter"
    ERREICHT = "erreicht"
    UEBER = "ueber"
    IM_KORRIDOR = "im_korridor"


@dataclass(frozen=True, slots=True)
class Target:
    """One row of ``targets.csv``.

    ``target`` is the annual target (``annual``), the target for the whole period
    (``cumulative``) or the lower bound (``band``, then ``high`` is the upper bound).
    ``tolerance`` is relative (0.05 = ±5 %); it does not apply to band goals.
    """

    goal: str
    indicator: str
    area: str
    year_from: int
    year_to: int
    target: float
    kind: Kind = Kind.ANNUAL
    direction: Direction = Direction.UP
    tolerance: float = DEFAULT_TOLERANCE
    high: float | None = None

    def __post_init__(self) -> None:
        if self.year_to < self.year_from:
            raise ValueError(f"goal {self.goal}: year_to before year_from")
        if self.kind is Kind.BAND and (self.high is None or self.high < self.target):
            raise ValueError(f"goal {self.goal}: a band needs low <= high")
        if not 0 <= self.tolerance < 1:
            raise ValueError(f"goal {self.goal}: tolerance must be in [0, 1)")


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One row of ``evaluation.csv``.

    ``target`` is the pro-rata target T of year ``year`` (None for band goals, whose bounds are
    ``low``/``high``); ``ratio`` = actual / target (None for bands or a zero target);
    ``required_per_year`` only for cumulative goals before their last year.
    """

    goal: str
    year: int
    actual: float
    target: float | None
    ratio: float | None
    result: Result
    good: bool
    required_per_year: float | None = None
    low: float | None = None
    high: float | None = None


EVALUATION_SCHEMA: dict[str, type[pl.DataType]] = {
    "goal": pl.String,
    "year": pl.Int64,
    "actual": pl.Float64,
    "target": pl.Float64,
    "ratio": pl.Float64,
    "result": pl.String,
    "good": pl.Boolean,
    "required_per_year": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
}


def classify_ratio(actual: float, target: float, tolerance: float) -> tuple[float | None, Result]:
    """Judge ``actual`` against ``target`` with a relative ``tolerance``.

    Returns (ratio r = actual / target, result): ``unter`` if r < 1 − tolerance, ``ueber`` if
    r > 1 + tolerance, else ``erreicht`` (spec/monitoring.md). A zero target has no ratio: then
    the sign of ``actual`` decides (0 → ``erreicht``), an extension the spec leaves open.
    """
    if target == 0:
        result = Result.ERREICHT if actual == 0 else (Result.UEBER if actual > 0 else Result.UNTER)
        return None, result
    ratio = actual / target
    # Round away binary noise so that e.g. 95 / 100 against 1 − 0.05 lands on the boundary.
    r, low, high = round(ratio, 12), round(1 - tolerance, 12), round(1 + tolerance, 12)
    if r < low:
        return ratio, Result.UNTER
    if r > high:
        return ratio, Result.UEBER
    return ratio, Result.ERREICHT


def classify_band(actual: float, low: float, high: float) -> Result:
    """Band goals: ``unter`` if actual < low, ``ueber`` if actual > high, else ``im_korridor``."""
    if actual < low:
        return Result.UNTER
    if actual > high:
        return Result.UEBER
    return Result.IM_KORRIDOR


def is_good(result: Result, direction: Direction) -> bool:
    """Whether a result of an annual or cumulative goal serves it: ``erreicht`` always,
    ``ueber`` for direction up, ``unter`` for direction down (spec/monitoring.md). For band goals
    only ``im_korridor`` is good (handled by :func:`evaluate_goal`)."""
    if result in (Result.ERREICHT, Result.IM_KORRIDOR):
        return True
    return (result is Result.UEBER) == (direction is Direction.UP)


def evaluate_goal(target: Target, actuals: Mapping[int, float]) -> list[Evaluation]:
    """Evaluate one goal against its actual values by year.

    ``actuals`` maps year → measured value of the goal's indicator and area. Returns one row per
    year t in [year_from, year_to] that has a value; for cumulative goals only while every year
    since ``year_from`` has a value (the sum needs them all). Method: spec/monitoring.md.
    """
    if target.kind is Kind.CUMULATIVE:
        return _evaluate_cumulative(target, actuals)
    rows = []
    for year in range(target.year_from, target.year_to + 1):
        if year in actuals:
            rows.append(_evaluate_single(target, year, actuals[year]))
    return rows


def _evaluate_single(target: Target, year: int, actual: float) -> Evaluation:
    if target.kind is Kind.BAND:
        assert target.high is not None  # checked in Target.__post_init__
        result = classify_band(actual, target.target, target.high)
        return Evaluation(
            target.goal,
            year,
            actual,
            None,
            None,
            result,
            result is Result.IM_KORRIDOR,  # outside the band serves neither direction
            low=target.target,
            high=target.high,
        )
    ratio, result = classify_ratio(actual, target.target, target.tolerance)
    good = is_good(result, target.direction)
    return Evaluation(target.goal, year, actual, target.target, ratio, result, good)


def _evaluate_cumulative(target: Target, actuals: Mapping[int, float]) -> list[Evaluation]:
    rows = []
    total_years = target.year_to - target.year_from + 1
    cumulated = 0.0
    for year in range(target.year_from, target.year_to + 1):
        if year not in actuals:
            break
        cumulated += actuals[year]
        elapsed = year - target.year_from + 1
        pro_rata = target.target * elapsed / total_years
        ratio, result = classify_ratio(cumulated, pro_rata, target.tolerance)
        remaining = target.year_to - year
        required = (target.target - cumulated) / remaining if remaining else None
        good = is_good(result, target.direction)
        rows.append(
            Evaluation(target.goal, year, cumulated, pro_rata, ratio, result, good, required)
        )
    return rows


def evaluate_goals(targets: Sequence[Target], actuals: pl.DataFrame) -> pl.DataFrame:
    """Evaluate every goal of ``targets`` against observations.

    ``actuals``: an observations frame with columns ``indicator, area, year, value`` (one value
    per key). Returns a frame with the columns of :data:`EVALUATION_SCHEMA`, one row per goal and
    evaluable year, goals in the order given, years ascending.
    """
    lookup = _actuals_by_key(actuals)
    rows: list[Evaluation] = []
    for target in targets:
        rows.extend(evaluate_goal(target, lookup.get((target.indicator, target.area), {})))
    return evaluations_to_frame(rows)


def _actuals_by_key(actuals: pl.DataFrame) -> dict[tuple[str, str], dict[int, float]]:
    lookup: dict[tuple[str, str], dict[int, float]] = {}
    columns = actuals.select("indicator", "area", "year", "value").iter_rows()
    for indicator, area, year, value in columns:
        if value is not None:
            lookup.setdefault((indicator, area), {})[int(year)] = float(value)
    return lookup


def evaluations_to_frame(rows: Iterable[Evaluation]) -> pl.DataFrame:
    """Turn evaluation rows into a polars frame with the columns of :data:`EVALUATION_SCHEMA`."""
    data = [
        {
            "goal": r.goal,
            "year": r.year,
            "actual": r.actual,
            "target": r.target,
            "ratio": r.ratio,
            "result": r.result.value,
            "good": r.good,
            "required_per_year": r.required_per_year,
            "low": r.low,
            "high": r.high,
        }
        for r in rows
    ]
    return pl.DataFrame(data, schema=EVALUATION_SCHEMA)
