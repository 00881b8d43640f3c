"""Shared helpers of the monitoring readers: decoding, column checks, typed casts with the
physical line of the first bad value, and deterministic number formatting for writers.

Line numbers assume one physical line per record (no line breaks inside quoted fields), which
holds for every format these readers accept; the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence

import polars as pl

from wohnbuendnis.analytics.io.errors import Code, InputError

HEADER_LINES = 1
#: Plausible years of an observation (census and planning horizons lie well inside).
YEAR_RANGE = (1800, 2200)
#: Largest magnitude a value may have: far above any count or amount, far below float limits,
#: so that sums and shares computed from it stay finite.
MAX_MAGNITUDE = 1e15


def decode_utf8(data: bytes, file: str) -> str:
    """Decode UTF-8 bytes (a BOM is dropped); raise :class:`InputError` naming the line of the
    first byte that is not UTF-8 (typically a Latin-1/Windows-1252 umlaut)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            file, Code.NOT_UTF8, line=line, params={"byte": f"{data[error.start]:02x}"}
        ) from None


def read_string_frame(
    text: str | bytes,
    file: str,
    *,
    separator: str = ",",
    categorical: Sequence[str] = (),
) -> pl.DataFrame:
    """Parse CSV text (or UTF-8 bytes, read without a decoded copy) into a frame whose columns
    are all strings (header names stripped).

    Empty fields become null; ``categorical`` columns (few distinct values, e.g. a table
    code) are read as categories, which keeps large files small. A malformed CSV raises
    :class:`InputError`.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if b"\r" in data and b"\n" not in data:  # carriage returns only (old Mac line ends)
        data = data.replace(b"\r", b"\n")
    try:
        frame = pl.read_csv(
            data,
            separator=separator,
            infer_schema=False,
            truncate_ragged_lines=False,
            encoding="utf8",
            schema_overrides={name: pl.Categorical for name in categorical} or None,
        )
    except (pl.exceptions.PolarsError, csv.Error, ValueError):
        decoded = data.decode("utf-8", errors="replace")
        line, width, found = _ragged_line(decoded, separator)
        if line is not None:
            raise InputError(
                file, Code.RAGGED_ROW, line=line, params={"width": width, "found": found}
            ) from None
        raise InputError(file, Code.NOT_CSV, line=1) from None
    return strip_header(frame, file)


def strip_header(frame: pl.DataFrame, file: str) -> pl.DataFrame:
    """Column names without surrounding blanks (and BOM); a name that repeats is refused."""
    names = [str(name).strip().lstrip("\ufeff").strip() for name in frame.columns]
    seen: set[str] = set()
    for name in names:
        if name in seen or "_duplicated_" in name:
            raise InputError(file, Code.HEADER_DUPLICATE, line=1, column=name)
        seen.add(name)
    return frame.rename(dict(zip(frame.columns, names, strict=True)))


def _ragged_line(text: str, separator: str) -> tuple[int | None, int, int]:
    """The first physical line whose field count differs from the header's (error path only)."""
    rows = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        width = len(next(rows, []))
        for row in rows:
            if row and len(row) != width:
                return rows.line_num, width, len(row)
    except csv.Error:
        return rows.line_num, 0, 0
    return None, 0, 0


def require_columns(frame: pl.DataFrame, required: Iterable[str], file: str) -> None:
    """Raise :class:`InputError` (line 1) for the first required column that is missing."""
    for name in required:
        if name not in frame.columns:
            raise InputError(file, Code.COLUMN_MISSING, line=1, column=name, params={"name": name})


def first_true(mask: pl.Series) -> int | None:
    """Index of the first ``True`` of a boolean series, or None."""
    hits = mask.arg_true()
    return int(hits[0]) if len(hits) else None


def line_of(row_index: int) -> int:
    """The physical line of data row ``row_index`` (0-based): header = line 1."""
    return row_index + HEADER_LINES + 1


def to_float(frame: pl.DataFrame, column: str, file: str, *, required: bool = True) -> pl.Series:
    """Cast a string column to Float64 ('.' as decimal point); text, non-finite values and (when
    ``required``) empty cells raise :class:`InputError` with the line of the first offender;
    so do NaN, infinities and magnitudes above :data:`MAX_MAGNITUDE` (``1e308``)."""
    raw = frame[column].str.strip_chars()
    values = raw.cast(pl.Float64, strict=False)
    bad = (raw.is_not_null() & values.is_null()).fill_null(False)
    if required:
        bad = bad | raw.is_null()
    index = first_true(bad)
    if index is not None:
        found = raw[index]
        if found is None:
            raise InputError(file, Code.NUMBER_EMPTY, line=line_of(index), column=column)
        raise InputError(
            file, Code.NUMBER_EXPECTED, line=line_of(index), column=column, params={"found": found}
        )
    check_finite(values, file, column, raw)
    return values


def check_finite(
    values: pl.Series,
    file: str,
    column: str,
    raw: pl.Series | None = None,
    lines: pl.Series | None = None,
) -> None:
    """Raise for the first NaN, infinite or absurdly large value (line of row i: ``line_of(i)``
    or ``lines[i]``); ``raw`` is the text shown as found."""
    values = values.cast(pl.Float64, strict=False)
    bad = (values.is_nan() | (values.abs() > MAX_MAGNITUDE)).fill_null(False)
    index = first_true(bad)
    if index is not None:
        found = raw[index] if raw is not None else values[index]
        raise InputError(
            file,
            Code.NUMBER_NOT_FINITE,
            line=int(lines[index]) if lines is not None else line_of(index),
            column=column,
            params={"found": found, "limit": f"{MAX_MAGNITUDE:g}"},
        )


def check_years(
    years: pl.Series,
    file: str,
    column: str,
    *,
    raw: pl.Series | None = None,
    lines: pl.Series | None = None,
    bounds: tuple[int, int] = YEAR_RANGE,
) -> None:
    """Raise for the first year outside ``bounds`` (a missing year is the caller's check)."""
    low, high = bounds
    years = years.cast(pl.Int64, strict=False)
    index = first_true(((years < low) | (years > high)).fill_null(False))
    if index is not None:
        raise InputError(
            file,
            Code.YEAR_RANGE,
            line=int(lines[index]) if lines is not None else line_of(index),
            column=column,
            params={
                "low": low,
                "high": high,
                "found": raw[index] if raw is not None else years[index],
            },
        )


def to_int(frame: pl.DataFrame, column: str, file: str) -> pl.Series:
    """Cast a required string column to Int64; anything else raises :class:`InputError`."""
    raw = frame[column].str.strip_chars()
    values = raw.cast(pl.Int64, strict=False)
    index = first_true(values.is_null())
    if index is not None:
        raise InputError(
            file,
            Code.INTEGER_EXPECTED,
            line=line_of(index),
            column=column,
            params={"found": raw[index]},
        )
    return values


def require_text(frame: pl.DataFrame, column: str, file: str) -> pl.Series:
    """A required text column with surrounding spaces stripped; empty cells raise."""
    values = frame[column].str.strip_chars()
    index = first_true(values.is_null() | (values == ""))
    if index is not None:
        raise InputError(file, Code.VALUE_EMPTY, line=line_of(index), column=column)
    return values


def check_unique(frame: pl.DataFrame, keys: Sequence[str], file: str) -> None:
    """Raise :class:`InputError` at the second occurrence of a duplicate key ``keys``."""
    duplicated = frame.select(pl.struct(list(keys)).is_first_distinct().not_()).to_series()
    index = first_true(duplicated)
    if index is not None:
        key = ", ".join(f"{k}={frame[k][index]}" for k in keys)
        same = frame.head(index).select(
            pl.all_horizontal([pl.col(k).eq_missing(frame[k][index]) for k in keys])
        )
        first = first_true(same.to_series())
        raise InputError(
            file,
            Code.DUPLICATE_KEY,
            line=line_of(index),
            column=keys[-1],
            params={"key": key, "first": line_of(first) if first is not None else "?"},
        )


def format_number(value: float | None, decimals: int = 6) -> str:
    """Deterministic text for a number in an output CSV: '' for missing, whole numbers without
    a decimal point, others with up to ``decimals`` decimals and no trailing zeros."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
