"""``config.toml`` (input) and ``index.csv`` (output) of ``wohnbuendnis index``
(spec/monitoring.md)."""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from wohnbuendnis.analytics.io.csv_checks import decode_utf8, format_number
from wohnbuendnis.analytics.io.errors import InputError, unreadable
from wohnbuendnis.analytics.monitoring.index import IndexConfig, Weighting

BASE_COLUMNS = (
    "area",
    "population",
    "scored",
    "note",
    "status_index",
    "status_class",
    "dynamics_index",
    "dynamics_class",
    "group",
    "conspicuous",
)
_KNOWN_KEYS = {
    "indicators",
    "year",
    "dynamics_lag",
    "min_population",
    "weighting",
    "status_cuts",
    "dynamics_cuts",
    "population_indicator",
}


def parse_index_config(data: bytes | str, file: str = "config.toml") -> IndexConfig:
    """Parse the TOML ``config.toml`` of the index into an :class:`IndexConfig`.

    Required keys: ``indicators`` (list of strings), ``year`` (integer); the others have the
    defaults of the spec. Unknown keys, wrong types and invalid cuts raise :class:`InputError`
    (with the TOML line for syntax errors, with the key as column otherwise).
    """
    text = decode_utf8(data, file) if isinstance(data, bytes) else data
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise InputError(file, f"valid TOML expected ({error})", line=line) from None
    for key in sorted(set(table) - _KNOWN_KEYS):
        raise InputError(file, f"unknown key; one of {sorted(_KNOWN_KEYS)} expected", column=key)
    options = {key: _get(table, key, file) for key in _KNOWN_KEYS if key in table}
    for key in ("indicators", "year"):
        if key not in options:
            raise InputError(file, "required key missing", column=key)
    try:
        return IndexConfig(**options)
    except ValueError as error:
        raise InputError(file, str(error)) from None


def _float_tuple(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list) or not all(
        isinstance(x, int | float) and not isinstance(x, bool) for x in value
    ):
        raise TypeError
    return tuple(float(x) for x in value)


def _string_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
        raise TypeError
    return tuple(value)


def _integer(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError
    return value


def _number(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise TypeError
    return float(value)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


_CONVERTERS: Mapping[str, tuple[Callable[[Any], Any], str]] = {
    "indicators": (_string_tuple, "a list of indicator keys"),
    "year": (_integer, "an integer year"),
    "dynamics_lag": (_integer, "an integer number of years"),
    "min_population": (_number, "a number ≥ 0"),
    "weighting": (Weighting, "'unweighted' or 'population'"),
    "status_cuts": (_float_tuple, "a list of 3 ascending numbers"),
    "dynamics_cuts": (_float_tuple, "a list of 2 ascending numbers"),
    "population_indicator": (_string, "an indicator key"),
}


def _get(table: Mapping[str, Any], key: str, file: str) -> Any:
    convert, expected = _CONVERTERS[key]
    try:
        return convert(table[key])
    except (TypeError, ValueError):
        raise InputError(file, f"{expected} expected, found {table[key]!r}", column=key) from None


def read_index_config(path: str | Path) -> IndexConfig:
    """Read ``config.toml`` from ``path``; see :func:`parse_index_config`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(str(path), error) from None
    return parse_index_config(data, str(path))


def format_index(frame: pl.DataFrame) -> str:
    """``index.csv`` text from :func:`~wohnbuendnis.analytics.monitoring.compute_index`:
    booleans as 0/1, numbers with up to 6 decimals, empty cells for unscored areas."""
    z_columns = [c for c in frame.columns if c.startswith(("z_", "dz_"))]
    columns = [*BASE_COLUMNS, *z_columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in frame.select(columns).iter_rows():
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return format_number(float(value))
    return str(value)
