"""Reading the concept workbook (XLSX; the format: ``concept_workbook_format`` and
docs/concept-workbook.md): guidelines, goals, measures, milestones and building projects as
typed row records.

:func:`parse_concept_workbook` reads every sheet and returns the rows it could read together
with *every* problem found (sheet, row, column, what was expected), so a preview can list them
all at once; :func:`read_concept_workbook` raises them as one :class:`InputErrors`. Cells are
read as text by fastexcel (calamine) and converted here: whole numbers, numbers (``1234.5`` or
German ``1.234,5``), dates (an Excel date, ``JJJJ-MM-TT`` or ``TT.MM.JJJJ``), the German words
of choice columns, and lists separated by ``;``. References between sheets and to the database
(a measure's guideline, its lead organisation) are the caller's to check.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastexcel

from wohnbuendnis.analytics.io import concept_workbook_format as fmt
from wohnbuendnis.analytics.io.concept_workbook_format import Column, Kind
from wohnbuendnis.analytics.io.errors import Code, InputError, InputErrors


@dataclass(frozen=True)
class GuidelineRow:
    line: int
    number: int
    name: str
    text: str


@dataclass(frozen=True)
class GoalRow:
    line: int
    code: str
    guideline: int
    title: str
    nature: str
    target_group: str
    year_from: int
    year_to: int
    indicator: str
    unit: str
    target: float | None
    target_high: float | None
    kind: str
    direction: str
    tolerance: float
    priority: str


@dataclass(frozen=True)
class MeasureRow:
    line: int
    number: int
    guideline: int
    title: str
    description: str
    action_field: str
    lead: str
    partners: tuple[str, ...]
    goals: tuple[str, ...]
    cost_eur: int | None
    funding: str
    start: datetime.date | None
    end: datetime.date | None
    status: str
    progress: int
    priority: str
    pros: str
    cons: str


@dataclass(frozen=True)
class MilestoneRow:
    line: int
    measure: int
    title: str
    due: datetime.date
    reached_on: datetime.date | None


@dataclass(frozen=True)
class ProjectRow:
    line: int
    name: str
    developer: str
    dwellings: int
    social_dwellings: int
    accessible_dwellings: int
    binding_years: int | None
    status: str
    expected_completion: int
    rooms_1: int
    rooms_2: int
    rooms_3: int
    rooms_4: int
    rent_segment: str
    quota_percent: int | None
    quota_note: str


@dataclass
class ConceptWorkbook:
    """The rows of a workbook, by sheet, in the order of the sheet (``line`` = Excel row)."""

    guidelines: list[GuidelineRow] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)


_RECORDS: dict[str, tuple[type[Any], str]] = {
    fmt.GUIDELINES_SHEET: (GuidelineRow, "guidelines"),
    fmt.GOALS_SHEET: (GoalRow, "goals"),
    fmt.MEASURES_SHEET: (MeasureRow, "measures"),
    fmt.MILESTONES_SHEET: (MilestoneRow, "milestones"),
    fmt.PROJECTS_SHEET: (ProjectRow, "projects"),
}


class _Bad(Exception):
    """A cell that cannot be read: the code and params of its problem."""

    def __init__(self, code: Code, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def read_concept_workbook(source: bytes | Path, file: str = "Arbeitsmappe") -> ConceptWorkbook:
    """The rows of the workbook ``source`` (its bytes or path); raises :class:`InputErrors`
    listing every problem when there is any."""
    book, problems = parse_concept_workbook(source, file)
    if problems:
        raise InputErrors(problems)
    return book


def parse_concept_workbook(
    source: bytes | Path, file: str = "Arbeitsmappe"
) -> tuple[ConceptWorkbook, list[InputError]]:
    """The rows that could be read and every problem (each an :class:`InputError` whose
    ``file`` is the sheet, ``line`` the Excel row and ``column`` the German header). A file
    that is no workbook at all gives one problem naming ``file``."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    book = ConceptWorkbook()
    try:
        _check_archive(data, file)
        reader = fastexcel.read_excel(data)
        names = set(reader.sheet_names)
    except InputError as error:
        return book, [error]
    except Exception:  # calamine raises its own types for every kind of broken file
        return book, [InputError(file, Code.NOT_XLSX)]
    problems: list[InputError] = []
    for sheet, (columns, key) in fmt.SHEETS.items():
        if sheet not in names:
            problems.append(InputError(sheet, Code.SHEET_MISSING, params={"sheet": sheet}))
            continue
        try:
            table = _cells(reader, sheet)
        except Exception:
            problems.append(InputError(sheet, Code.NOT_XLSX))
            continue
        record, attribute = _RECORDS[sheet]
        getattr(book, attribute).extend(_sheet(sheet, table, columns, key, record, problems))
    return book, problems


def _check_archive(data: bytes, file: str) -> None:
    """Refuse what is no ZIP archive, and an archive that unpacks to too much (a ZIP bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(file, Code.NOT_XLSX) from None
    if len(members) > fmt.MAX_MEMBERS or sum(m.file_size for m in members) > fmt.MAX_UNPACKED:
        raise InputError(
            file,
            Code.ZIP_TOO_LARGE,
            params={"members": fmt.MAX_MEMBERS, "megabytes": fmt.MAX_UNPACKED // 2**20},
        )


def _cells(reader: fastexcel.ExcelReader, sheet: str) -> list[tuple[str | None, ...]]:
    frame = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    rows: list[tuple[str | None, ...]] = frame.rows()
    return rows


def _sheet(
    sheet: str,
    table: Sequence[tuple[str | None, ...]],
    columns: Sequence[Column],
    key: Sequence[str],
    record: type[Any],
    problems: list[InputError],
) -> Iterator[Any]:
    """The records of one sheet; its problems are appended to ``problems``."""
    header = [(cell or "").strip() for cell in (table[0] if table else ())]
    where = _header(sheet, header, columns, problems)
    if where is None:
        return
    rows = [(n + 2, row) for n, row in enumerate(table[1:]) if any(_filled(c) for c in row)]
    if len(rows) > fmt.MAX_ROWS:
        problems.append(
            InputError(
                sheet, Code.TOO_MANY_ROWS, params={"limit": fmt.MAX_ROWS, "found": len(rows)}
            )
        )
        return
    seen: dict[tuple[object, ...], int] = {}
    for line, row in rows:
        values: dict[str, object] = {}
        ok = True
        for column in columns:
            cell = row[where[column.header]] if where[column.header] < len(row) else None
            try:
                values[column.field] = _value(column, cell)
            except _Bad as bad:
                ok = False
                problems.append(
                    InputError(sheet, bad.code, line=line, column=column.header, params=bad.params)
                )
        if not ok:
            continue
        identity = tuple(_folded(values[name]) for name in key)
        if identity in seen:
            problems.append(_duplicate(sheet, line, columns, key, values, seen[identity]))
            continue
        seen[identity] = line
        yield record(line=line, **values)


def _header(
    sheet: str, header: list[str], columns: Sequence[Column], problems: list[InputError]
) -> dict[str, int] | None:
    """Column header → index, or None (with the problems) when a column is missing or twice."""
    where: dict[str, int] = {}
    ok = True
    for index, name in enumerate(header):
        if name in where and any(c.header == name for c in columns):
            problems.append(InputError(sheet, Code.HEADER_DUPLICATE, line=1, column=name))
            ok = False
        where.setdefault(name, index)
    for column in columns:
        if column.header not in where:
            problems.append(
                InputError(sheet, Code.COLUMN_MISSING, line=1, params={"name": column.header})
            )
            ok = False
    return where if ok else None


def _duplicate(
    sheet: str,
    line: int,
    columns: Sequence[Column],
    key: Sequence[str],
    values: dict[str, object],
    first: int,
) -> InputError:
    headers = {c.field: c.header for c in columns}
    shown = " / ".join(str(values[name]) for name in key)
    return InputError(
        sheet,
        Code.DUPLICATE_KEY,
        line=line,
        column=headers[key[-1]],
        params={"key": shown, "first": first},
    )


def _folded(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _filled(cell: str | None) -> bool:
    return cell is not None and cell.strip() != ""


def _value(column: Column, cell: str | None) -> object:
    """The value of one cell as the column's kind; an empty cell is the default (or a problem
    in a required column)."""
    text = (cell or "").strip()
    if not text:
        if column.required:
            raise _Bad(Code.VALUE_EMPTY)
        return column.default
    if column.kind == Kind.TEXT:
        return _limited(text, column.limit)
    if column.kind == Kind.LIST:
        return _list(text, column.limit)
    read: dict[Kind, Any] = {
        Kind.INTEGER: _integer, Kind.NUMBER: _number, Kind.CHOICE: _choice,
        Kind.DATE: lambda text, _column: _date(text),
    }  # fmt: skip
    return read[column.kind](text, column)


def _limited(text: str, limit: int) -> str:
    if len(text) > limit:
        raise _Bad(Code.TEXT_TOO_LONG, limit=limit, length=len(text))
    return text


_GERMAN = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+,\d+$")


def _float(text: str) -> float:
    if _GERMAN.match(text) and ("," in text or text.count(".") > 1):
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text.replace("\u2212", "-"))
    except ValueError:
        raise _Bad(Code.CELL_NUMBER_EXPECTED, found=text) from None


def _number(text: str, column: Column) -> float:
    value = _float(text)
    if not math.isfinite(value):
        raise _Bad(Code.NUMBER_NOT_FINITE, found=text, limit=f"{fmt.LARGEST:g}")
    low, high = column.low, column.high
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Bad(Code.NUMBER_RANGE, low=f"{low:g}", high=f"{high:g}", found=text)
    return value


def _integer(text: str, column: Column) -> int:
    value = _float(text)
    if not math.isfinite(value):
        raise _Bad(Code.NUMBER_NOT_FINITE, found=text, limit=f"{fmt.LARGEST:g}")
    if not value.is_integer():
        raise _Bad(Code.INTEGER_EXPECTED, found=text)
    low, high = column.low, column.high
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Bad(Code.INTEGER_RANGE, low=f"{low:.0f}", high=f"{high:.0f}", found=text)
    return int(value)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _date(text: str) -> datetime.date:
    """An Excel date (read as ``JJJJ-MM-TT 00:00:00``), ``JJJJ-MM-TT`` or ``TT.MM.JJJJ``, in
    the years of a concept."""
    iso, dotted = _ISO.match(text), _DOTTED.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dotted:
        day, month, year = (int(part) for part in dotted.groups())
    else:
        raise _Bad(Code.DATE_EXPECTED, found=text)
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise _Bad(Code.DATE_EXPECTED, found=text) from None
    if not fmt.FIRST_YEAR <= year <= fmt.LAST_YEAR:
        raise _Bad(Code.YEAR_RANGE, low=fmt.FIRST_YEAR, high=fmt.LAST_YEAR, found=text)
    return value


def _choice(text: str, column: Column) -> str:
    choices = column.choices or {}
    wanted = " ".join(text.split()).casefold()
    for word, value in choices.items():
        if wanted in (word.casefold(), value.casefold()):
            return value
    raise _Bad(Code.UNKNOWN_VALUE, allowed=", ".join(choices), found=text)


def _list(text: str, limit: int) -> tuple[str, ...]:
    """Names separated by ``;`` or line breaks, each once, in their order."""
    _limited(text, limit)
    items = (part.strip() for part in re.split(r"[;\n]", text))
    return tuple(dict.fromkeys(item for item in items if item))
