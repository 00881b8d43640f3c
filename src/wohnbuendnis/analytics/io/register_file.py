"""Reading an existing applicant register (the allocation's register import): a CSV as German
Excel saves it (``;``, decimal comma, Windows-1252 or UTF-8 with BOM) or an XLSX workbook (its
first sheet), one household per row, German column headers (:data:`COLUMNS`).

:func:`parse_register` returns the rows it could read together with *every* problem (line as
in the spreadsheet, header = line 1, and the German column header), so a preview lists them all
at once; :func:`read_register` raises them as one :class:`InputErrors`. The reader knows the
household rules that need no database (1–20 persons, fewer children than persons, an income
from 0 to 1 million € a year, no registration date in the future, the criteria of the priority
list passed in); whether a file number is already taken is the caller's to check.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import fastexcel

from wohnbuendnis.analytics.io.errors import Code, InputError, InputErrors

MAX_ROWS = 100_000
MAX_MEMBERS, MAX_UNPACKED = 1_000, 200 * 2**20  # an XLSX that unpacks to more is refused
FIRST_YEAR = 1950  # an original registration date before this is a typo
INCOME_CAP = Decimal(1_000_000)
#: File numbers the platform gives itself (``W-0000123``); an imported one must not look alike.
RESERVED_REFERENCE = re.compile(r"^W-\d{7}$")

HOUSEHOLD_TYPES = {
    "alleinstehend": "allein",
    "Paar ohne Kinder": "paar",
    "Paar mit Kindern": "familie",
    "alleinerziehend": "alleinerziehend",
    "sonstige Haushaltsform": "sonstige",
}
NATIONALITY_GROUPS = {
    "deutsch": "deutsch",
    "EU-Staat": "eu",
    "Drittstaat": "drittstaat",
    "keine Angabe": "keine_angabe",
}
STATUSES = {"aktiv": "aktiv", "ruhend": "ruhend"}
YES_NO = {"ja": True, "nein": False, "x": True, "1": True, "0": False, "wahr": True,
          "falsch": False}  # fmt: skip


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # text, integer, money, date, choice, yes_no, list
    required: bool = False
    limit: int = 200
    choices: Mapping[str, Any] | None = None
    default: Any = None


COLUMNS: tuple[Column, ...] = (
    Column("Aktenzeichen", "reference", "text", required=True, limit=20),
    Column("Name", "name", "text", required=True, limit=200),
    Column("Kontakt", "contact", "text", limit=200, default=""),
    Column("registriert am", "registered_on", "date", required=True),
    Column("Personen", "persons", "integer", required=True),
    Column("davon Kinder", "children", "integer", default=0),
    Column("Jahreseinkommen (€)", "income_eur", "money", required=True),
    Column("WBS gültig bis", "entitlement_valid_until", "date"),
    Column("stufenloser Zugang", "needs_step_free", "yes_no", default=False),
    Column("rollstuhlgerecht", "needs_wheelchair", "yes_no", default=False),
    Column("Haushaltsform", "household_type", "choice", required=True, choices=HOUSEHOLD_TYPES),
    Column("Staatsangehörigkeit", "nationality_group", "choice", choices=NATIONALITY_GROUPS,
           default="keine_angabe"),
    Column("Status", "status", "choice", choices=STATUSES, default="aktiv"),
    Column("Kriterien", "criteria", "list", limit=1000, default=()),
    Column("Nachweise", "evidence", "text", limit=300, default=""),
    Column("Kriterien geprüft", "criteria_checked", "yes_no", default=False),
)  # fmt: skip
REQUIRED = tuple(c.header for c in COLUMNS if c.required)


@dataclass(frozen=True)
class RegisterRow:
    """One household of the file (``line`` as in the spreadsheet)."""

    line: int
    reference: str
    name: str
    contact: str
    registered_on: datetime.date
    persons: int
    children: int
    income_eur: Decimal
    entitlement_valid_until: datetime.date | None
    needs_step_free: bool
    needs_wheelchair: bool
    household_type: str
    nationality_group: str
    status: str
    criteria: tuple[str, ...]
    evidence: str
    criteria_checked: bool


class _Bad(Exception):
    def __init__(self, code: Code, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def read_register(
    data: bytes, file: str, *, criteria: Mapping[str, str], today: datetime.date
) -> list[RegisterRow]:
    """The households of ``data``; raises :class:`InputErrors` listing every problem."""
    rows, problems = parse_register(data, file, criteria=criteria, today=today)
    if problems:
        raise InputErrors(problems)
    return rows


def parse_register(
    data: bytes, file: str, *, criteria: Mapping[str, str], today: datetime.date
) -> tuple[list[RegisterRow], list[InputError]]:
    """The rows that could be read and every problem of the file.

    ``criteria`` maps what may stand in the column Kriterien (a criterion's key or its German
    name, compared case-insensitively) to the criterion's key; ``today`` bounds the dates."""
    try:
        table = _xlsx(data, file) if data[:4] == b"PK\x03\x04" else _csv(data, file)
    except InputError as error:
        return [], [error]
    if not table:
        return [], [InputError(file, Code.NO_DATA_ROWS, params={"layout": "Kopfzeile"})]
    problems: list[InputError] = []
    where = _header(file, table[0][1], problems)
    if where is None:
        return [], problems
    body = [(line, row) for line, row in table[1:] if any(cell.strip() for cell in row)]
    if not body:
        return [], [InputError(file, Code.NO_DATA_ROWS, params={"layout": "ein Haushalt je Zeile"})]
    if len(body) > MAX_ROWS:
        return [], [
            InputError(file, Code.TOO_MANY_ROWS, params={"limit": MAX_ROWS, "found": len(body)})
        ]
    known = {key.casefold(): value for key, value in criteria.items()}
    seen: dict[str, int] = {}
    rows: list[RegisterRow] = []
    for line, row in body:
        values = _row(file, line, row, where, known, today, problems)
        if values is not None and _row_rules(file, line, values, seen, problems):
            rows.append(RegisterRow(line=line, **values))
    return rows, problems


def _row(
    file: str, line: int, row: Sequence[str], where: Mapping[str, int],
    criteria: Mapping[str, str], today: datetime.date, problems: list[InputError],
) -> dict[str, Any] | None:  # fmt: skip
    """The values of one row, or None (with a problem per bad cell)."""
    values: dict[str, Any] = {}
    for column in COLUMNS:
        index = where.get(column.header)
        cell = row[index] if index is not None and index < len(row) else ""
        try:
            values[column.field] = _value(column, cell, criteria, today)
        except _Bad as bad:
            problems.append(
                InputError(file, bad.code, line=line, column=column.header, params=bad.params)
            )
    return values if len(values) == len(COLUMNS) else None


def _row_rules(
    file: str, line: int, values: dict[str, Any], seen: dict[str, int], problems: list[InputError]
) -> bool:
    """The rules across the cells of one row; False (with the problem) when one is broken."""
    reference = values["reference"]
    if RESERVED_REFERENCE.match(reference):
        problems.append(
            InputError(file, Code.REFERENCE_RESERVED, line=line, column="Aktenzeichen",
                       params={"found": reference})
        )  # fmt: skip
        return False
    if reference.casefold() in seen:
        problems.append(
            InputError(file, Code.DUPLICATE_KEY, line=line, column="Aktenzeichen",
                       params={"key": reference, "first": seen[reference.casefold()]})
        )  # fmt: skip
        return False
    seen[reference.casefold()] = line
    if values["children"] >= values["persons"]:
        problems.append(
            InputError(file, Code.CHILDREN_NOT_FEWER, line=line, column="davon Kinder",
                       params={"found": values["children"], "persons": values["persons"]})
        )  # fmt: skip
        return False
    if values["evidence"] and not values["criteria"]:
        problems.append(InputError(file, Code.EVIDENCE_WITHOUT_CRITERIA, line=line,
                                   column="Nachweise"))  # fmt: skip
        return False
    return True


# --- the table ----------------------------------------------------------------------------------


def _csv(data: bytes, file: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of a CSV; the separator is the one of ``;``, ``,`` or tab in the header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(file, Code.NOT_TEXT, line=1) from None
    if "\x00" in text:
        raise InputError(file, Code.NOT_TEXT, line=1)
    first = text.split("\n", 1)[0]
    separator = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    table: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            table.append((start, cells))
            start = reader.line_num + 1
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise InputError(file, Code.NOT_CSV, line=start) from None
    return table


def _xlsx(data: bytes, file: str) -> list[tuple[int, list[str]]]:
    """(Excel row, cells as text) of the first sheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(file, Code.NOT_XLSX) from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise InputError(
            file, Code.ZIP_TOO_LARGE,
            params={"members": MAX_MEMBERS, "megabytes": MAX_UNPACKED // 2**20},
        )  # fmt: skip
    try:
        reader = fastexcel.read_excel(data)
        sheet = reader.sheet_names[0]
        frame = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except Exception:  # calamine raises its own types for every kind of broken file
        raise InputError(file, Code.NOT_XLSX) from None
    return [(n + 1, [cell or "" for cell in row]) for n, row in enumerate(frame.rows())]


def _header(file: str, header: Sequence[str], problems: list[InputError]) -> dict[str, int] | None:
    names = [" ".join(cell.split()) for cell in header]
    wanted = {c.header.casefold(): c.header for c in COLUMNS}
    where: dict[str, int] = {}
    ok = True
    for index, name in enumerate(names):
        column = wanted.get(name.casefold())
        if column is None:
            continue
        if column in where:
            problems.append(InputError(file, Code.HEADER_DUPLICATE, line=1, column=column))
            ok = False
        where.setdefault(column, index)
    for name in REQUIRED:
        if name not in where:
            problems.append(InputError(file, Code.COLUMN_MISSING, line=1, params={"name": name}))
            ok = False
    return where if ok else None


# --- cells --------------------------------------------------------------------------------------


def _value(column: Column, cell: str, criteria: Mapping[str, str], today: datetime.date) -> Any:
    text = " ".join(cell.split()) if column.kind != "list" else cell.strip()
    if not text:
        if column.required:
            raise _Bad(Code.VALUE_EMPTY)
        return column.default
    read: dict[str, Any] = {
        "text": lambda: _text(text, column), "integer": lambda: _integer(text, column),
        "money": lambda: _money(text), "date": lambda: _date(text, column, today),
        "yes_no": lambda: _yes_no(text), "choice": lambda: _choice(text, column),
        "list": lambda: _criteria(text, column, criteria),
    }  # fmt: skip
    return read[column.kind]()


def _text(text: str, column: Column) -> str:
    if len(text) > column.limit:
        raise _Bad(Code.TEXT_TOO_LONG, limit=column.limit, length=len(text))
    return text


def _yes_no(text: str) -> bool:
    found = YES_NO.get(text.casefold())
    if found is None:
        raise _Bad(Code.UNKNOWN_VALUE, allowed="ja, nein", found=text)
    return found


def _choice(text: str, column: Column) -> str:
    choices = column.choices or {}
    for word, value in choices.items():
        if text.casefold() in (word.casefold(), str(value).casefold()):
            return str(value)
    raise _Bad(Code.UNKNOWN_VALUE, allowed=", ".join(choices), found=text)


_GERMAN = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _decimal(text: str) -> Decimal:
    """``1.234,56`` or ``1234,56`` (German), ``1234.56`` (as Excel stores it); € and spaces
    are ignored."""
    plain = text.replace("€", "").replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if _GERMAN.match(plain):
        plain = plain.replace(".", "").replace(",", ".")
    elif not _PLAIN.match(plain):
        raise _Bad(Code.CELL_NUMBER_EXPECTED, found=text)
    try:
        return Decimal(plain)
    except InvalidOperation:
        raise _Bad(Code.CELL_NUMBER_EXPECTED, found=text) from None


def _integer(text: str, column: Column) -> int:
    try:
        value = _decimal(text)
    except _Bad:
        raise _Bad(Code.INTEGER_EXPECTED, found=text) from None
    if value != value.to_integral_value():
        raise _Bad(Code.INTEGER_EXPECTED, found=text)
    low, high = (1, 20) if column.field == "persons" else (0, 19)
    if not low <= value <= high:
        raise _Bad(Code.INTEGER_RANGE, low=low, high=high, found=text)
    return int(value)


def _money(text: str) -> Decimal:
    value = _decimal(text)
    if not Decimal(0) <= value <= INCOME_CAP:
        raise _Bad(Code.NUMBER_RANGE, low="0", high="1.000.000", found=text)
    return value.quantize(Decimal("0.01"))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _date(text: str, column: Column, today: datetime.date) -> datetime.date:
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
    if column.field == "registered_on":
        if not datetime.date(FIRST_YEAR, 1, 1) <= value <= today:
            raise _Bad(Code.DATE_NOT_PAST, low=f"01.01.{FIRST_YEAR}",
                       high=f"{today:%d.%m.%Y}", found=text)  # fmt: skip
    elif abs(value.year - today.year) > 10:  # the entitlement: within ten years of today
        raise _Bad(Code.YEAR_RANGE, low=today.year - 10, high=today.year + 10, found=text)
    return value


def _criteria(text: str, column: Column, criteria: Mapping[str, str]) -> tuple[str, ...]:
    if len(text) > column.limit:
        raise _Bad(Code.TEXT_TOO_LONG, limit=column.limit, length=len(text))
    found: list[str] = []
    for part in re.split(r"[;,\n|]", text):
        name = " ".join(part.split())
        if not name:
            continue
        key = criteria.get(name.casefold())
        if key is None:
            raise _Bad(Code.UNKNOWN_CRITERION, found=name)
        found.append(key)
    return tuple(dict.fromkeys(found))


# --- the template to download -------------------------------------------------------------------

#: The example row of the template (an invented household).
EXAMPLE = (
    "A-2019-0417", "Erika Mustermann", "0561 123456", "15.03.2019", "3", "1", "24.500,00",
    "31.12.2026", "nein", "nein", "alleinerziehend", "keine Angabe", "aktiv",
    "alleinerziehend; Miete nicht tragbar", "Bescheid Jobcenter 2024", "ja",
)  # fmt: skip


def template_csv() -> bytes:
    """The template as German Excel opens it: UTF-8 with BOM, ``;``, CRLF, one example row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow(EXAMPLE)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()


def template_xlsx() -> bytes:
    """The template as a workbook: the register on the first sheet (the import reads it), the
    allowed values on the second."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet("Register")
        for index, column in enumerate(COLUMNS):
            sheet.write_string(0, index, column.header, bold)
            sheet.write_string(1, index, EXAMPLE[index])
            sheet.set_column(index, index, max(14, len(column.header) + 2))
        values = book.add_worksheet("Erlaubte Werte")
        values.write_row(0, 0, ["Spalte", "Pflicht", "erlaubt"], bold)
        for index, column in enumerate(COLUMNS, start=1):
            allowed = {
                "text": f"Text, höchstens {column.limit} Zeichen", "integer": "ganze Zahl",
                "money": "Betrag, z. B. 24.500,00", "date": "Datum TT.MM.JJJJ",
                "yes_no": "ja, nein", "list": "Kriterien der Prioritätenliste, getrennt durch ;",
                "choice": ", ".join(column.choices or {}),
            }[column.kind]  # fmt: skip
            values.write_row(index, 0, [column.header, "ja" if column.required else "nein",
                                        allowed])  # fmt: skip
        values.set_column(0, 2, 40)
    return buffer.getvalue()
