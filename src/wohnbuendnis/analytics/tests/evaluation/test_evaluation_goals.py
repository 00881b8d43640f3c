"""Goal evaluation as in spec/monitoring.md: every result kind, both directions, tolerance,
band targets, cumulative pro rata with the required rate, and the Munich worked example."""

from __future__ import annotations

import polars as pl
import pytest
from numpy.testing import assert_allclose

from wohnbuendnis.analytics.evaluation import (
    Direction,
    Kind,
    Result,
    Target,
    evaluate_goal,
    evaluate_goals,
)


def annual(target: float, direction: Direction = Direction.UP, tolerance: float = 0.05) -> Target:
    return Target("g", "completions", "A", 2020, 2024, target, Kind.ANNUAL, direction, tolerance)


def one(target: Target, actual: float, year: int = 2020) -> tuple[Result, bool, float | None]:
    (row,) = evaluate_goal(target, {year: actual})
    return row.result, row.good, row.ratio


def test_munich_2014_building_rights_above_target() -> None:
    # Munich 2014: building rights for 3,982 dwellings against a target of 3,500 (spec).
    goal = Target("baurecht", "building_rights", "09162000", 2014, 2014, 3500)
    (row,) = evaluate_goal(goal, {2014: 3982})
    assert row.result is Result.UEBER
    assert row.good
    assert row.ratio is not None and round(row.ratio, 3) == 1.138
    assert row.target == 3500 and row.required_per_year is None


@pytest.mark.parametrize(
    ("actual", "direction", "result", "good"),
    [
        (80, Direction.UP, Result.UNTER, False),
        (100, Direction.UP, Result.ERREICHT, True),
        (130, Direction.UP, Result.UEBER, True),
        (80, Direction.DOWN, Result.UNTER, True),
        (100, Direction.DOWN, Result.ERREICHT, True),
        (130, Direction.DOWN, Result.UEBER, False),
    ],
)
def test_annual_results_and_goodness_in_both_directions(
    actual: float, direction: Direction, result: Result, good: bool
) -> None:
    assert one(annual(100, direction), actual)[:2] == (result, good)


@pytest.mark.parametrize(
    ("actual", "tolerance", "result"),
    [
        (95, 0.05, Result.ERREICHT),  # r = 1 − tolerance belongs to "erreicht"
        (94.9, 0.05, Result.UNTER),
        (105, 0.05, Result.ERREICHT),
        (105.1, 0.05, Result.UEBER),
        (100.1, 0.0, Result.UEBER),
        (99.9, 0.0, Result.UNTER),
        (91, 0.1, Result.ERREICHT),
        (89, 0.1, Result.UNTER),
    ],
)
def test_tolerance_is_relative_and_inclusive(
    actual: float, tolerance: float, result: Result
) -> None:
    assert one(annual(100, tolerance=tolerance), actual)[0] is result


@pytest.mark.parametrize(
    ("actual", "result", "good"),
    [
        (6.9, Result.UNTER, False),
        (7.0, Result.IM_KORRIDOR, True),
        (8.5, Result.IM_KORRIDOR, True),
        (9.0, Result.IM_KORRIDOR, True),
        (9.01, Result.UEBER, False),
    ],
)
@pytest.mark.parametrize("direction", [Direction.UP, Direction.DOWN])
def test_band_targets_ignore_tolerance_and_direction(
    actual: float, result: Result, good: bool, direction: Direction
) -> None:
    band = Target(
        "rent", "asking_rent_eur_m2", "A", 2020, 2020, 7.0, Kind.BAND, direction, 0.5, 9.0
    )
    (row,) = evaluate_goal(band, {2020: actual})
    assert (row.result, row.good) == (result, good)
    assert row.ratio is None and row.target is None and (row.low, row.high) == (7.0, 9.0)


def test_cumulative_pro_rata_with_required_rate() -> None:
    goal = Target("bau", "completions", "A", 2020, 2024, 1000, Kind.CUMULATIVE)
    rows = evaluate_goal(goal, {2019: 999, 2020: 150, 2021: 200, 2022: 250, 2023: 210, 2024: 240})
    assert [r.year for r in rows] == [2020, 2021, 2022, 2023, 2024]
    assert_allclose([r.actual for r in rows], [150, 350, 600, 810, 1050])
    assert_allclose([r.target or 0 for r in rows], [200, 400, 600, 800, 1000])
    assert [r.result for r in rows] == [
        Result.UNTER,  # 0.75
        Result.UNTER,  # 0.875
        Result.ERREICHT,
        Result.ERREICHT,  # 1.0125
        Result.ERREICHT,  # 1.05 is still within the tolerance
    ]
    required = [r.required_per_year for r in rows]
    assert_allclose([x or 0 for x in required[:-1]], [850 / 4, 650 / 3, 400 / 2, 190 / 1])
    assert required[-1] is None  # empty in the last year


def test_cumulative_stops_at_the_first_missing_year() -> None:
    goal = Target("bau", "completions", "A", 2020, 2024, 1000, Kind.CUMULATIVE, Direction.DOWN)
    rows = evaluate_goal(goal, {2020: 300, 2021: 300, 2023: 100})
    assert [r.year for r in rows] == [2020, 2021]
    # 600 against a pro-rata 400: above target, which a "down" goal does not want.
    assert rows[-1].result is Result.UEBER and not rows[-1].good


def test_annual_rows_only_for_years_in_the_period_with_a_value() -> None:
    rows = evaluate_goal(annual(100), {2019: 1, 2021: 100, 2023: 50, 2025: 1})
    assert [(r.year, r.result) for r in rows] == [(2021, Result.ERREICHT), (2023, Result.UNTER)]


def test_zero_target_has_no_ratio() -> None:
    assert one(annual(0, Direction.DOWN), 0) == (Result.ERREICHT, True, None)
    assert one(annual(0, Direction.DOWN), 3) == (Result.UEBER, False, None)


def test_evaluate_goals_matches_indicator_and_area() -> None:
    actuals = pl.DataFrame(
        {
            "indicator": ["completions", "completions", "permits"],
            "area": ["A", "B", "A"],
            "year": [2020, 2020, 2020],
            "value": [120.0, 10.0, 10.0],
        }
    )
    goals = [annual(100), Target("h", "permits", "A", 2020, 2020, 50, direction=Direction.DOWN)]
    frame = evaluate_goals(goals, actuals)
    assert frame.select("goal", "actual", "result", "good").rows() == [
        ("g", 120.0, "ueber", True),
        ("h", 10.0, "unter", True),
    ]


def test_invalid_targets_are_rejected() -> None:
    with pytest.raises(ValueError, match="band"):
        Target("b", "x", "A", 2020, 2020, 9, Kind.BAND, high=7)
    with pytest.raises(ValueError, match="year_to"):
        Target("b", "x", "A", 2021, 2020, 9)
