"""Validated reading of the contract CSV files (../shared/spec/README.md).

``read_table`` reads a UTF-8, comma-separated file as strings; the ``*_column`` helpers parse one
column and raise :class:`InputError` naming file, physical line (header = line 1), column and the
expected value for the first bad cell.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from wohnbuendnis.analytics.forecast.model import SEXES, FloatArray, IntArray
from wohnbuendnis.analytics.io.csv_checks import MAX_MAGNITUDE
from wohnbuendnis.analytics.io.errors import Code, InputError

LINE = "__line__"


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (recorded in run.json)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_table(
    text: str, name: str, required: Sequence[str], optional: Sequence[str] = ()
) -> pl.DataFrame:
    """Parse CSV text into string columns ``required`` + present ``optional`` and ``__line__``.

    Unknown extra columns are dropped. Raises InputError for a missing column or broken CSV.
    """
    try:
        frame = pl.read_csv(text.encode(), infer_schema=False, truncate_ragged_lines=False)
    except (pl.exceptions.PolarsError, ValueError):
        raise InputError(name, Code.NOT_CSV, line=1) from None
    frame = frame.rename({c: c.strip() for c in frame.columns})
    for column in required:
        if column not in frame.columns:
            raise InputError(
                name, Code.COLUMN_MISSING, line=1, column=column, params={"name": column}
            )
    keep = [*required, *(c for c in optional if c in frame.columns and c not in required)]
    return frame.select(keep).with_row_index(LINE, offset=2)


def read_table(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> pl.DataFrame:
    """Read a contract CSV file (see :func:`parse_table`); a missing file is an InputError."""
    if not path.is_file():
        raise InputError(path.name, Code.FILE_MISSING)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            path.name, Code.NOT_UTF8, line=line, params={"byte": f"{data[error.start]:02x}"}
        ) from None
    if "\r" in text and "\n" not in text:  # carriage returns only (old Mac line ends)
        text = text.replace("\r", "\n")
    return parse_table(text, path.name, required, optional)


def _fail(
    frame: pl.DataFrame,
    mask: pl.Series,
    name: str,
    column: str,
    code: Code,
    params: Mapping[str, object] | None = None,
) -> None:
    if mask.any():
        row = int(mask.arg_true()[0])
        line = int(frame[LINE][row])
        found = frame[column][row]
        raise InputError(
            name, code, line=line, column=column, params={**(params or {}), "found": found}
        )


def float_column(
    frame: pl.DataFrame,
    column: str,
    name: str,
    low: float | None = None,
    high: float | None = None,
) -> FloatArray:
    """Parse a numeric column into float64; optionally require ``low ≤ value ≤ high``."""
    raw = frame[column].str.strip_chars()
    values = raw.cast(pl.Float64, strict=False)
    _fail(frame, values.is_null(), name, column, Code.NUMBER_EXPECTED)
    limit = {"limit": f"{MAX_MAGNITUDE:g}"}
    _fail(
        frame,
        values.is_nan() | (values.abs() > MAX_MAGNITUDE),
        name,
        column,
        Code.NUMBER_NOT_FINITE,
        limit,
    )
    array = values.to_numpy().astype(np.float64)
    bad = np.zeros(len(array), dtype=bool)
    if low is not None:
        bad |= array < low
    if high is not None:
        bad |= array > high
    if low is not None and high is not None:
        code, params = Code.NUMBER_RANGE, {"low": f"{low:g}", "high": f"{high:g}"}
    else:
        code, params = Code.NUMBER_MIN, {"low": f"{low:g}"}
    _fail(frame, pl.Series(bad), name, column, code, params)
    return array


def int_column(
    frame: pl.DataFrame, column: str, name: str, low: int, high: int, what: str = "an integer"
) -> IntArray:
    """Parse an integer column; require ``low ≤ value ≤ high``."""
    values = frame[column].str.strip_chars().cast(pl.Int64, strict=False)
    params: dict[str, object] = {"low": low, "high": high}
    _fail(frame, values.is_null(), name, column, Code.INTEGER_RANGE, params)
    array = values.to_numpy().astype(np.int64)
    _fail(
        frame, pl.Series((array < low) | (array > high)), name, column, Code.INTEGER_RANGE, params
    )
    return array


def sex_column(frame: pl.DataFrame, name: str) -> IntArray:
    """``sex`` → 0 for ``f``, 1 for ``m``; anything else is an InputError."""
    raw = frame["sex"].str.strip_chars()
    _fail(
        frame,
        ~raw.is_in(list(SEXES)).fill_null(False) | raw.is_null(),
        name,
        "sex",
        Code.SEX_EXPECTED,
    )
    return (raw == "m").to_numpy().astype(np.int64)


def age_column(frame: pl.DataFrame, name: str, ages: IntArray, column: str = "age") -> IntArray:
    """Ages (single years or first ages of groups in ``ages``) → index into ``ages``."""
    values = int_column(frame, column, name, int(ages[0]), int(ages[-1]), "an age")
    index = np.searchsorted(ages, values)
    bad = ages[np.minimum(index, len(ages) - 1)] != values
    groups = ", ".join(str(a) for a in ages.tolist()[:6]) + (", …" if len(ages) > 6 else "")
    _fail(frame, pl.Series(bad), name, column, Code.AGE_GROUP_EXPECTED, {"ages": groups})
    return index.astype(np.int64)


def area_column(frame: pl.DataFrame, name: str, areas: Sequence[str]) -> IntArray:
    """Area keys → index into the sorted ``areas``; unknown areas are an InputError."""
    raw = frame["area"].str.strip_chars()
    _fail(
        frame,
        ~raw.is_in(list(areas)).fill_null(False) | raw.is_null(),
        name,
        "area",
        Code.UNKNOWN_AREA,
    )
    return np.searchsorted(np.asarray(areas), raw.to_numpy()).astype(np.int64)


def check_unique(frame: pl.DataFrame, keys: Sequence[IntArray], name: str, what: str) -> None:
    """Raise for the first row whose key (tuple of index columns) repeats an earlier row."""
    if not keys or len(frame) == 0:
        return
    stacked = np.stack(keys, axis=1)
    _, first = np.unique(stacked, axis=0, return_index=True)
    if len(first) == len(frame):
        return
    duplicate = np.ones(len(frame), dtype=bool)
    duplicate[first] = False
    row = int(np.flatnonzero(duplicate)[0])
    raise InputError(name, Code.DUPLICATE_ROW, line=int(frame[LINE][row]), params={"key": what})


def check_complete(
    filled: npt.NDArray[np.bool_], frame: pl.DataFrame, name: str, labels: Sequence[Sequence[str]]
) -> None:
    """Raise naming the first missing key when ``filled`` (bool array of keys) is not all True."""
    if filled.all():
        return
    where = np.unravel_index(int(np.flatnonzero(~filled.ravel())[0]), filled.shape)
    key = ", ".join(str(label[int(i)]) for label, i in zip(labels, where, strict=True))
    raise InputError(name, Code.MISSING_KEY_ROW, line=len(frame) + 2, params={"key": key})
