"""``observations.csv`` reader: every import error names file, physical line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.observations import (
    format_observations,
    parse_observations,
    read_observations,
)

HEADER = b"indicator,area,year,value\n"
GOOD = b"population,001,2023,1200\nsgb2_rate,001,2023,12.5\n"


def test_valid_file_with_optional_and_extra_columns() -> None:
    text = (
        "\ufeffindicator, area ,year,value,unit,source,extra\n"
        "population,001,2023,1200,Personen,Melderegister,x\n"
        "sgb2_rate,001,2023, 12.5 ,%,BA,\n"
    ).encode()
    frame = parse_observations(text, known_areas={"001"})
    assert frame.columns == ["indicator", "area", "year", "value", "unit", "source", "note"]
    assert frame.rows()[1] == ("sgb2_rate", "001", 2023, 12.5, "%", "BA", None)
    assert frame["source"].to_list() == ["Melderegister", "BA"]


@pytest.mark.parametrize(
    ("body", "line", "column", "expected"),
    [
        # wrong encoding: Latin-1 'ö' (0xf6) in line 3
        (GOOD.replace(b"001,2023,12.5", b"K\xf6ln,2023,12.5"), 3, None, "UTF-8"),
        # unknown area key
        (GOOD + b"population,999,2023,5\n", 4, "area", "unknown area '999'"),
        # duplicate key (second occurrence is reported, with the first line)
        (GOOD + b"population,001,2023,1300\n", 4, "year", "first on line 2"),
        # text in a number column
        (GOOD + b"population,002,2023,1.200,5\n", 4, None, "fields"),
        (GOOD + "population,002,2023,zwölf\n".encode(), 4, "value", "'zwölf'"),
        (GOOD + b"population,002,2023,\n", 4, "value", "empty"),
        (GOOD + b"population,002,2023,nan\n", 4, "value", "number"),
        (GOOD + b"population,002,2023a,4\n", 4, "year", "whole number"),
        # negative count, percentage out of range
        (GOOD + b"households,002,2023,-3\n", 4, "value", "count ≥ 0"),
        (GOOD + b"sgb2_rate,002,2023,120\n", 4, "value", "percentage in 0…100"),
        # empty key cell
        (GOOD + b",002,2023,4\n", 4, "indicator", "empty"),
    ],
)
def test_row_level_errors(body: bytes, line: int, column: str | None, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_observations(HEADER + body, "obs.csv", known_areas={"001", "002"})
    error = caught.value
    assert (error.file, error.line, error.column) == ("obs.csv", line, column)
    assert expected in error.expected
    assert error.message.startswith(f"obs.csv, line {line}")


def test_missing_column_is_reported_on_the_header_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_observations(b"indicator,area,jahr,value\npopulation,001,2023,1\n")
    assert (caught.value.line, caught.value.column) == (1, "year")


def test_unknown_indicator_when_a_catalogue_is_given() -> None:
    with pytest.raises(InputError, match="unknown indicator 'einwohner'") as caught:
        parse_observations(HEADER + b"einwohner,001,2023,1\n", known_indicators={"population"})
    assert caught.value.line == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="readable file"):
        read_observations(tmp_path / "nope.csv")


def test_format_round_trips_and_is_deterministic(tmp_path: Path) -> None:
    frame = parse_observations(HEADER + b"sgb2_rate,002,2023,12.25\n" + GOOD)
    text = format_observations(frame)
    assert text.splitlines()[1] == "population,001,2023,1200,,,"
    path = tmp_path / "o.csv"
    path.write_text(text, encoding="utf-8")
    again = read_observations(path)
    assert format_observations(again) == text
    assert again.sort("indicator", "area").rows() == frame.sort("indicator", "area").rows()
