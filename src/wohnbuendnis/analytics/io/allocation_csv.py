"""Typed reading of the allocation CSV files with physical line numbers for every error.

Format rules of ../shared/spec/README.md: UTF-8 (a byte-order mark is tolerated), comma, one
header row, ``.`` as decimal point; unknown extra columns are ignored; empty lines are skipped.
Every problem raises :class:`InputError` naming file, physical line (header = 1), column and
what was expected.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from wohnbuendnis.analytics.io.errors import InputError

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d+(\.\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_text(path: str | Path) -> str:
    """The UTF-8 text of ``path``; InputError if it is missing or not UTF-8 (with the line)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InputError(str(path), f"a readable file ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(str(path), "UTF-8 text", line=line) from None


@dataclass(frozen=True)
class CsvTable:
    """Rows of one CSV file as strings, with the physical line each row starts on."""

    file: str
    header: tuple[str, ...]
    rows: list[list[str]]
    lines: list[int]

    def index(self, column: str) -> int:
        """Position of ``column`` in the header."""
        return self.header.index(column)

    def fail(self, row: int, column: str | None, expected: str) -> NoReturn:
        """Raise InputError for data row ``row`` (0-based) and ``column``."""
        raise InputError(self.file, expected, line=self.lines[row], column=column)

    def cells(self, column: str) -> list[str]:
        """All cells of ``column`` (stripped of surrounding blanks)."""
        at = self.index(column)
        return [row[at].strip() for row in self.rows]


def parse_csv(text: str, file: str, required: Sequence[str]) -> CsvTable:
    """Split ``text`` into a :class:`CsvTable`; checks the header and the field counts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
    except csv.Error as error:
        raise InputError(file, f"valid CSV ({error})", line=reader.line_num) from None
    if not rows or lines[0] != 1:
        raise InputError(file, "a header row on line 1", line=1)
    header = tuple(cell.strip() for cell in rows[0])
    _check_header(file, header, required)
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if len(row) != len(header):
            expected = f"{len(header)} fields as in the header, found {len(row)}"
            raise InputError(file, expected, line=line)
    return CsvTable(file, header, rows[1:], lines[1:])


def _check_header(file: str, header: tuple[str, ...], required: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(file, "each column name once", line=1, column=name)
        seen.add(name)
    for name in required:
        if name not in seen:
            raise InputError(file, f"a column '{name}'", line=1, column=name)


def text_cells(table: CsvTable, column: str, *, unique: bool = False) -> list[str]:
    """Non-empty strings of ``column``; with ``unique`` each value at most once."""
    values = table.cells(column)
    seen: set[str] = set()
    for row, value in enumerate(values):
        if not value:
            table.fail(row, column, "a non-empty value")
        if unique and value in seen:
            table.fail(row, column, f"a unique value ('{value}' appears on an earlier line)")
        seen.add(value)
    return values


def integer_cells(table: CsvTable, column: str, minimum: int) -> list[int]:
    """Integers ≥ ``minimum`` of ``column``."""
    values: list[int] = []
    for row, cell in enumerate(table.cells(column)):
        if not _INTEGER.fullmatch(cell) or int(cell) < minimum:
            table.fail(row, column, f"a whole number ≥ {minimum}, found '{cell}'")
        values.append(int(cell))
    return values


def decimal_cells(
    table: CsvTable, column: str, *, positive: bool = False, optional: bool = False
) -> list[Decimal | None]:
    """Non-negative (or positive) decimal numbers of ``column``; empty → None if ``optional``."""
    values: list[Decimal | None] = []
    what = "a number > 0" if positive else "a number ≥ 0"
    if optional:
        what += " or empty"
    for row, cell in enumerate(table.cells(column)):
        if optional and not cell:
            values.append(None)
            continue
        value = Decimal(cell) if _DECIMAL.fullmatch(cell) else None
        if value is None or value < 0 or (positive and value == 0):
            table.fail(row, column, f"{what} ('.' as decimal point), found '{cell}'")
        values.append(value)
    return values


def required_decimals(table: CsvTable, column: str, *, positive: bool = False) -> list[Decimal]:
    """:func:`decimal_cells` for a column without empty cells."""
    return [v for v in decimal_cells(table, column, positive=positive) if v is not None]


def flag_cells(table: CsvTable, column: str) -> list[bool]:
    """``0``/``1`` cells of ``column`` as booleans."""
    values: list[bool] = []
    for row, cell in enumerate(table.cells(column)):
        if cell not in ("0", "1"):
            table.fail(row, column, f"0 or 1, found '{cell}'")
        values.append(cell == "1")
    return values


def date_cells(table: CsvTable, column: str, *, optional: bool = False) -> list[date | None]:
    """ISO dates (YYYY-MM-DD) of ``column``; empty → None if ``optional``."""
    values: list[date | None] = []
    for row, cell in enumerate(table.cells(column)):
        if optional and not cell:
            values.append(None)
            continue
        try:
            if not _ISO_DATE.fullmatch(cell):
                raise ValueError(cell)
            values.append(date.fromisoformat(cell))
        except ValueError:
            what = "an ISO date YYYY-MM-DD" + (" or empty" if optional else "")
            table.fail(row, column, f"{what}, found '{cell}'")
    return values


def required_dates(table: CsvTable, column: str) -> list[date]:
    """:func:`date_cells` for a column without empty cells."""
    return [v for v in date_cells(table, column) if v is not None]
