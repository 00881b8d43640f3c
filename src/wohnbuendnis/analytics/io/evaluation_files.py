"""``targets.csv`` (goal evaluation input) and ``evaluation.csv`` (its output), as in
spec/monitoring.md."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TypeVar

import polars as pl

from wohnbuendnis.analytics.evaluation.goals import (
    DEFAULT_TOLERANCE,
    Direction,
    Kind,
    Target,
)
from wohnbuendnis.analytics.io.csv_checks import (
    check_unique,
    decode_utf8,
    format_number,
    line_of,
    read_string_frame,
    require_columns,
    require_text,
    to_int,
)
from wohnbuendnis.analytics.io.errors import InputError, unreadable

_E = TypeVar("_E", Kind, Direction)

TARGET_COLUMNS = ("goal", "indicator", "area", "year_from", "year_to", "target", "kind")
EVALUATION_COLUMNS = (
    "goal",
    "year",
    "actual",
    "target",
    "ratio",
    "result",
    "good",
    "required_per_year",
)


def parse_targets(data: bytes | str, file: str = "targets.csv") -> list[Target]:
    """Parse ``targets.csv``: ``goal, indicator, area, year_from, year_to, target, kind,
    direction, tolerance`` (``direction`` defaults to ``up``, ``tolerance`` to 0.05; a band's
    ``target`` is ``low..high``). Returns the targets in file order; raises :class:`InputError`
    naming line and column of the first invalid cell. Goals must be unique."""
    text = decode_utf8(data, file) if isinstance(data, bytes) else data
    raw = read_string_frame(text, file)
    require_columns(raw, TARGET_COLUMNS, file)
    texts = {c: require_text(raw, c, file) for c in ("goal", "indicator", "area", "kind")}
    years = {c: to_int(raw, c, file) for c in ("year_from", "year_to")}
    check_unique(pl.DataFrame({"goal": texts["goal"]}), ["goal"], file)
    targets = []
    for index in range(raw.height):
        cells = {c: raw[c][index] for c in raw.columns}
        cells.update({c: s[index] for c, s in texts.items()})
        targets.append(
            _target(cells, years["year_from"][index], years["year_to"][index], file, line_of(index))
        )
    return targets


def _target(
    cells: dict[str, str | None], year_from: int, year_to: int, file: str, line: int
) -> Target:
    kind = _choice(cells, "kind", Kind, None, file, line)
    direction = _choice(cells, "direction", Direction, Direction.UP, file, line)
    tolerance = _number(cells.get("tolerance"), "tolerance", file, line, DEFAULT_TOLERANCE)
    if not 0 <= tolerance < 1:
        raise InputError(
            file, "a tolerance in [0, 1) expected, e.g. 0.05", line=line, column="tolerance"
        )
    if year_to < year_from:
        raise InputError(
            file, f"year_to ≥ year_from ({year_from}) expected", line=line, column="year_to"
        )
    low, high = _target_values(cells.get("target"), kind, file, line)
    return Target(
        goal=str(cells["goal"]),
        indicator=str(cells["indicator"]),
        area=str(cells["area"]),
        year_from=year_from,
        year_to=year_to,
        target=low,
        kind=kind,
        direction=direction,
        tolerance=tolerance,
        high=high,
    )


def _choice(
    cells: dict[str, str | None],
    column: str,
    enum: type[_E],
    default: _E | None,
    file: str,
    line: int,
) -> _E:
    value = (cells.get(column) or "").strip()
    if not value and default is not None:
        return default
    try:
        return enum(value)
    except ValueError:
        allowed = " or ".join(repr(member.value) for member in enum)
        raise InputError(
            file, f"{allowed} expected, found {value!r}", line=line, column=column
        ) from None


def _number(
    cell: str | None, column: str, file: str, line: int, default: float | None = None
) -> float:
    text = (cell or "").strip()
    if not text and default is not None:
        return default
    try:
        return float(text)
    except ValueError:
        raise InputError(
            file,
            f"a number with '.' as decimal point expected, found {text!r}",
            line=line,
            column=column,
        ) from None


def _target_values(
    cell: str | None, kind: Kind, file: str, line: int
) -> tuple[float, float | None]:
    text = (cell or "").strip()
    if kind is Kind.BAND:
        low_text, sep, high_text = text.partition("..")
        if not sep:
            raise InputError(
                file, f"a band 'low..high' expected, found {text!r}", line=line, column="target"
            )
        low = _number(low_text, "target", file, line)
        high = _number(high_text, "target", file, line)
        if high < low:
            raise InputError(file, "a band with low ≤ high expected", line=line, column="target")
        return low, high
    value = _number(text, "target", file, line)
    if value < 0:
        raise InputError(file, "a target ≥ 0 expected", line=line, column="target")
    return value, None


def read_targets(path: str | Path) -> list[Target]:
    """Read ``targets.csv`` from ``path``; see :func:`parse_targets`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(str(path), error) from None
    return parse_targets(data, str(path))


def format_evaluation(frame: pl.DataFrame) -> str:
    """``evaluation.csv`` text from :func:`~wohnbuendnis.analytics.evaluation.evaluate_goals`:
    numbers with up to 6 decimals, ``good`` as 0/1, band targets as ``low..high``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EVALUATION_COLUMNS)
    for row in frame.iter_rows(named=True):
        target = (
            f"{format_number(row['low'])}..{format_number(row['high'])}"
            if row["low"] is not None
            else format_number(row["target"])
        )
        writer.writerow(
            [
                row["goal"],
                row["year"],
                format_number(row["actual"]),
                target,
                format_number(row["ratio"]),
                row["result"],
                int(row["good"]),
                format_number(row["required_per_year"]),
            ]
        )
    return buffer.getvalue()
