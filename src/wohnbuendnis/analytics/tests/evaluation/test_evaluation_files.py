"""``targets.csv`` reader and ``evaluation.csv`` writer (spec/monitoring.md)."""

from __future__ import annotations

import polars as pl
import pytest

from wohnbuendnis.analytics.evaluation import Direction, Kind, evaluate_goals
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.evaluation_files import format_evaluation, parse_targets

HEADER = "goal,indicator,area,year_from,year_to,target,kind,direction,tolerance\n"


def test_parse_targets_with_defaults_and_bands() -> None:
    text = (
        "goal,indicator,area,year_from,year_to,target,kind,extra\n"
        "g1,completions,A,2020,2024,1000,cumulative,x\n"
        "g2,asking_rent_eur_m2,A,2020,2024,7.5..9,band,\n"
    )
    g1, g2 = parse_targets(text)
    assert (g1.kind, g1.direction, g1.tolerance, g1.target) == (
        Kind.CUMULATIVE,
        Direction.UP,
        0.05,
        1000,
    )
    assert (g2.kind, g2.target, g2.high) == (Kind.BAND, 7.5, 9.0)


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        ("g,x,A,2020,2024,100,yearly,up,0.05", "kind", "'annual'"),
        ("g,x,A,2020,2024,100,annual,more,0.05", "direction", "'up' or 'down'"),
        ("g,x,A,2020,2024,7-9,band,up,", "target", "low..high"),
        ("g,x,A,2020,2024,9..7,band,up,", "target", "low ≤ high"),
        ("g,x,A,2020,2024,-5,annual,up,", "target", "≥ 0"),
        ("g,x,A,2020,2024,1.000,annual,up,5%", "tolerance", "number"),
        ("g,x,A,2020,2024,100,annual,up,1.5", "tolerance", "[0, 1)"),
        ("g,x,A,2024,2020,100,annual,up,", "year_to", "year_from"),
        ("g,x,A,zwanzig,2024,100,annual,up,", "year_from", "whole number"),
    ],
)
def test_invalid_target_rows_name_line_and_column(row: str, column: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_targets(HEADER + "ok,x,A,2020,2024,1,annual,up,\n" + row + "\n")
    assert (caught.value.line, caught.value.column) == (3, column)
    assert expected in caught.value.expected


def test_duplicate_goal_is_rejected() -> None:
    with pytest.raises(InputError, match="duplicate") as caught:
        parse_targets(HEADER + "g,x,A,2020,2024,1,annual,,\ng,x,B,2020,2024,1,annual,,\n")
    assert caught.value.line == 3


def test_evaluation_csv_format() -> None:
    targets = parse_targets(
        HEADER
        + "muc,building_rights,M,2014,2014,3500,annual,up,\n"
        + "rent,asking_rent_eur_m2,M,2014,2014,7..9,band,down,\n"
        + "bau,completions,M,2013,2015,3000,cumulative,up,\n"
    )
    actuals = pl.DataFrame(
        {
            "indicator": ["building_rights", "asking_rent_eur_m2", "completions", "completions"],
            "area": ["M"] * 4,
            "year": [2014, 2014, 2013, 2014],
            "value": [3982.0, 9.5, 900.0, 1200.0],
        }
    )
    text = format_evaluation(evaluate_goals(targets, actuals))
    assert text.splitlines() == [
        "goal,year,actual,target,ratio,result,good,required_per_year",
        "muc,2014,3982,3500,1.137714,ueber,1,",
        "rent,2014,9.5,7..9,,ueber,0,",
        "bau,2013,900,1000,0.9,unter,0,1050",
        "bau,2014,2100,2000,1.05,erreicht,1,900",
    ]
