"""``observations.csv``: the one format of indicator time series (spec/monitoring.md).

Columns ``indicator, area, year, value`` and optional ``area_name, unit, source, note``
(``area_name``: the area's name beside its key, which lets a district be given by its own
number; see ``office_observations`` for the files German office programs save); UTF-8,
comma-separated, '.' as decimal point. ``parse_observations`` validates and returns a typed
frame; every problem raises :class:`InputError` with file, physical line and column.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import polars as pl

from wohnbuendnis.analytics.io.csv_checks import (
    YEAR_RANGE,
    check_unique,
    check_years,
    decode_utf8,
    first_true,
    format_number,
    line_of,
    read_string_frame,
    require_columns,
    require_text,
    to_float,
    to_int,
)
from wohnbuendnis.analytics.io.errors import Code, InputError, unreadable

REQUIRED_COLUMNS = ("indicator", "area", "year", "value")
OPTIONAL_COLUMNS = ("unit", "source", "note")
#: Kept only when the file has it: the area's name beside its key.
NAME_COLUMN = "area_name"
KEY = ("indicator", "area", "year")

#: Indicators that count persons, households, dwellings or land: never negative.
COUNT_INDICATORS = frozenset(
    {
        "population",
        "population_female",
        "population_male",
        "households",
        "dwellings",
        "completions",
        "permits",
        "social_housing_stock",
        "social_housing_bindings_expiring",
        "building_land_reserve_ha",
        "unemployed",
        "sgb2_recipients",
    }
)
#: Indicators in percent: 0 … 100.
PERCENT_INDICATORS = frozenset(
    {
        "vacancy_rate",
        "sgb2_rate",
        "unemployment_rate",
        "child_poverty_rate",
        "share_under_18",
        "share_65_plus",
        "share_75_plus",
        "share_80_plus",
        "share_foreign",
        "single_parent_share",
    }
)

OBSERVATIONS_SCHEMA: dict[str, type[pl.DataType]] = {
    "indicator": pl.String,
    "area": pl.String,
    "year": pl.Int64,
    "value": pl.Float64,
    "unit": pl.String,
    "source": pl.String,
    "note": pl.String,
}


def parse_observations(
    data: bytes | str,
    file: str = "observations.csv",
    *,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
    count_indicators: Collection[str] = COUNT_INDICATORS,
    percent_indicators: Collection[str] = PERCENT_INDICATORS,
    max_lengths: Mapping[str, int] | None = None,
    years: tuple[int, int] = YEAR_RANGE,
) -> pl.DataFrame:
    """Parse and validate the text of an ``observations.csv``.

    ``data``: the file's bytes (must be UTF-8) or text. ``known_areas``/``known_indicators``:
    when given, other keys are errors. Values of ``count_indicators`` must be ≥ 0, those of
    ``percent_indicators`` in 0…100; every value finite, every year within ``years``.
    ``max_lengths``: column → most characters a text may have (the database's columns).
    Returns a frame with the columns of :data:`OBSERVATIONS_SCHEMA` (and ``area_name`` when
    the file has it) in file order (year Int64, value Float64; missing optional columns are
    null). Raises :class:`InputError` at the first invalid row.
    """
    text = decode_utf8(data, file) if isinstance(data, bytes) else data.lstrip("\ufeff")
    raw = read_string_frame(text, file)
    require_columns(raw, REQUIRED_COLUMNS, file)
    frame = pl.DataFrame(
        {
            "indicator": require_text(raw, "indicator", file),
            "area": require_text(raw, "area", file),
            "year": to_int(raw, "year", file),
            "value": to_float(raw, "value", file),
        }
    ).with_columns(
        [
            (raw[name].str.strip_chars() if name in raw.columns else pl.lit(None, pl.String)).alias(
                name
            )
            for name in OPTIONAL_COLUMNS
        ]
    )
    if NAME_COLUMN in raw.columns:
        frame = frame.with_columns(raw[NAME_COLUMN].str.strip_chars().alias(NAME_COLUMN))
    check_years(frame["year"], file, "year", bounds=years)
    for name, limit in (max_lengths or {}).items():
        if name in frame.columns:
            check_length(frame[name], file, name, limit)
    validate_observations(
        frame,
        file,
        known_areas=known_areas,
        known_indicators=known_indicators,
        count_indicators=count_indicators,
        percent_indicators=percent_indicators,
    )
    return frame


def validate_observations(
    frame: pl.DataFrame,
    file: str,
    *,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
    count_indicators: Collection[str] = COUNT_INDICATORS,
    percent_indicators: Collection[str] = PERCENT_INDICATORS,
) -> None:
    """Check a typed observations frame (rows in file order): known keys, no duplicate
    (indicator, area, year), counts ≥ 0, percentages in 0…100. Raises :class:`InputError`."""
    if known_indicators is not None:
        _check_known(frame, "indicator", known_indicators, file, Code.UNKNOWN_INDICATOR)
    if known_areas is not None:
        _check_known(frame, "area", known_areas, file, Code.UNKNOWN_AREA)
    _check_range(frame, count_indicators, file, 0.0, None)
    _check_range(frame, percent_indicators, file, 0.0, 100.0)
    check_unique(frame, KEY, file)


def _check_known(
    frame: pl.DataFrame, column: str, known: Collection[str], file: str, code: Code
) -> None:
    index = first_true(~frame[column].is_in(list(known)))
    if index is not None:
        raise InputError(
            file, code, line=line_of(index), column=column, params={"found": frame[column][index]}
        )


def check_length(values: pl.Series, file: str, column: str, limit: int) -> None:
    """Raise for the first text longer than ``limit`` characters (row i on ``line_of(i)``)."""
    lengths = values.str.len_chars()
    index = first_true((lengths > limit).fill_null(False))
    if index is not None:
        raise InputError(
            file,
            Code.TEXT_TOO_LONG,
            line=line_of(index),
            column=column,
            params={"limit": limit, "length": int(lengths[index])},
        )


def _check_range(
    frame: pl.DataFrame,
    indicators: Collection[str],
    file: str,
    low: float,
    high: float | None,
) -> None:
    concerned = frame["indicator"].is_in(list(indicators))
    bad = frame["value"] < low
    if high is not None:
        bad = bad | (frame["value"] > high)
    index = first_true(concerned & bad)
    if index is not None:
        params = {
            "indicator": frame["indicator"][index],
            "found": format_number(frame["value"][index]),
            "low": f"{low:g}",
            "high": f"{high:g}" if high is not None else "",
        }
        code = Code.COUNT_NEGATIVE_FOR if high is None else Code.PERCENT_RANGE_FOR
        raise InputError(file, code, line=line_of(index), column="value", params=params)


def read_observations(
    path: str | Path,
    *,
    known_areas: Collection[str] | None = None,
    known_indicators: Collection[str] | None = None,
) -> pl.DataFrame:
    """Read and validate an ``observations.csv`` file; see :func:`parse_observations`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(str(path), error) from None
    return parse_observations(
        data, str(path), known_areas=known_areas, known_indicators=known_indicators
    )


def format_observations(frame: pl.DataFrame) -> str:
    """Write an observations frame as ``observations.csv`` text (UTF-8, ',', '.'), rows sorted
    by indicator, area, year so that the same data always give the same bytes."""
    columns = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in frame.columns]
    ordered = frame.select(columns).sort(list(KEY))
    text = ordered.with_columns(pl.col("value").map_elements(format_number, return_dtype=pl.String))
    return text.write_csv(line_terminator="\n")
