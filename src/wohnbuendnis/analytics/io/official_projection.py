"""An official population projection (Destatis or a state statistical office) as CSV: the
total population per year, to be shown beside an alliance's own forecast.

Two layouts are read, recognised by their content:

* **GENESIS 12421** (Destatis, e.g. 12421-0002 of the 15th coordinated projection): the header
  block, a row ``;;;;31.12.2022;31.12.2023;…`` with the dates, data rows ``variant code; variant
  label; Geschlecht; Altersjahr; values…``; the row ``Insgesamt; Insgesamt`` is the total. A
  ``(1000)`` in the header block means thousands. One variant per file.
* **Table** (as state offices publish and spreadsheets save): a header row with ``Jahr`` and a
  population column (``Bevölkerung``, ``Einwohner``, ``Insgesamt``), ``;`` or ``,`` separated,
  German numbers (``1.234.567`` or ``1234,5``); an optional age column (``Alter``,
  ``Altersgruppe``): its ``Insgesamt`` rows are the total, else the rows of a year are summed;
  an optional ``Gebiet`` column names the region.

``parse_official_projection`` is pure; every refusal is an :class:`InputError` naming the line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from wohnbuendnis.analytics.io.csv_checks import MAX_MAGNITUDE, YEAR_RANGE
from wohnbuendnis.analytics.io.errors import Code, InputError

GENESIS = "genesis-12421"
TABLE = "tabelle"
POPULATION_HEADERS = ("bevölkerung", "einwohner", "einwohnerinnen und einwohner", "insgesamt")
AGE_HEADERS = ("alter", "altersgruppe", "altersjahre", "altersjahr")
TOTAL_LABELS = ("insgesamt", "gesamt", "zusammen", "")
_YEAR = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.)?(\d{4})$")
MAX_YEARS = 200


@dataclass(frozen=True)
class OfficialProjection:
    """Total population (persons) per year of an official projection, ascending years."""

    layout: str
    region: str
    variant: str
    years: tuple[int, ...]
    population: tuple[float, ...]


def _text(data: bytes, file: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(file, Code.NOT_TEXT, line=1) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _number(raw: str, file: str, line: int, column: str) -> float:
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text) or "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            file, Code.GERMAN_NUMBER_EXPECTED, line=line, column=column, params={"found": raw}
        ) from None
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise InputError(
            file,
            Code.NUMBER_NOT_FINITE,
            line=line,
            column=column,
            params={"found": raw, "limit": f"{MAX_MAGNITUDE:g}"},
        )
    if value < 0:
        raise InputError(file, Code.COUNT_NEGATIVE, line=line, column=column, params={"found": raw})
    return value


def _year(raw: str, file: str, line: int) -> int:
    found = _YEAR.match(raw.strip())
    low, high = YEAR_RANGE
    if not found or not low <= int(found.group(1)) <= high:
        raise InputError(file, Code.YEAR_EXPECTED, line=line, params={"found": raw})
    return int(found.group(1))


def _result(
    layout: str, region: str, variant: str, totals: dict[int, float], file: str
) -> OfficialProjection:
    if not totals:
        raise InputError(
            file, Code.NO_DATA_ROWS, params={"layout": "Jahr; Bevölkerung (insgesamt)"}
        )
    if len(totals) > MAX_YEARS:
        raise InputError(
            file, Code.TOO_MANY_ROWS, params={"limit": MAX_YEARS, "found": len(totals)}
        )
    years = tuple(sorted(totals))
    return OfficialProjection(layout, region, variant, years, tuple(totals[y] for y in years))


# --- GENESIS 12421 ---------------------------------------------------------------------------


def _genesis_region(lines: list[str]) -> str:
    title = lines[1].split(";")[0] if len(lines) > 1 else ""
    _head, _sep, rest = title.partition(":")
    return rest.split(",")[0].strip()


def _genesis(lines: list[str], file: str) -> OfficialProjection:
    years: list[int] = []
    factor = 1.0
    totals: dict[int, float] = {}
    variants: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        fields = line.split(";")
        if not years and "(1000)" in line:
            factor = 1000.0
        if not years and len(fields) > 4 and fields[0] == "" and "31.12." in fields[4]:
            years = [_year(f, file, number) for f in fields[4:] if f.strip()]
            continue
        if not years or not fields[0].startswith("BEV-VARIANTE"):
            continue
        variants[fields[0].strip()] = fields[1].strip() if len(fields) > 1 else ""
        if len(variants) > 1:
            found = ", ".join(sorted(variants))
            raise InputError(file, Code.PROJECTION_VARIANTS, line=number, params={"found": found})
        if len(fields) < 4 or fields[2].strip() != "Insgesamt" or fields[3].strip() != "Insgesamt":
            continue
        if len(fields) < 4 + len(years):
            raise InputError(
                file,
                Code.RAGGED_ROW,
                line=number,
                params={"width": 4 + len(years), "found": len(fields)},
            )
        for year, raw in zip(years, fields[4 : 4 + len(years)], strict=True):
            totals[year] = _number(raw, file, number, str(year)) * factor
    code, label = next(iter(variants.items()), ("", ""))
    variant = f"{code} {label}".strip()
    return _result(GENESIS, _genesis_region(lines), variant, totals, file)


# --- table -----------------------------------------------------------------------------------


def _header(lines: list[str]) -> tuple[int, str] | None:
    """The line index of the header row (a field ``Jahr``) and its separator."""
    for index, line in enumerate(lines[:30]):
        for separator in (";", ",", "\t"):
            names = [f.strip().strip('"').lower() for f in line.split(separator)]
            if "jahr" in names and any(n in POPULATION_HEADERS for n in names):
                return index, separator
    return None


def _column(names: list[str], wanted: tuple[str, ...]) -> int | None:
    return next((i for i, n in enumerate(names) if n in wanted), None)


def _table(lines: list[str], file: str) -> OfficialProjection:
    found = _header(lines)
    if found is None:
        raise InputError(file, Code.COLUMN_MISSING, line=1, params={"name": "Jahr; Bevölkerung"})
    start, separator = found
    names = [f.strip().strip('"').lower() for f in lines[start].split(separator)]
    year_at = names.index("jahr")
    value_at = _column(names, POPULATION_HEADERS)
    age_at, region_at = _column(names, AGE_HEADERS), _column(names, ("gebiet", "region"))
    assert value_at is not None
    totals: dict[int, float] = {}
    sums: dict[int, float] = {}
    region = ""
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line.strip() or set(line.strip()) <= {separator, '"'}:
            continue
        fields = [f.strip().strip('"') for f in line.split(separator)]
        if len(fields) != len(names):
            raise InputError(
                file,
                Code.RAGGED_ROW,
                line=number,
                params={"width": len(names), "found": len(fields)},
            )
        year = _year(fields[year_at], file, number)
        value = _number(fields[value_at], file, number, lines[start].split(separator)[value_at])
        region = region or (fields[region_at] if region_at is not None else "")
        if age_at is None or fields[age_at].lower() in TOTAL_LABELS:
            if year in totals:
                raise InputError(file, Code.DUPLICATE_ROW, line=number, params={"key": "Jahr"})
            totals[year] = value
        else:
            sums[year] = sums.get(year, 0.0) + value
    for year, value in sums.items():
        totals.setdefault(year, value)
    return _result(TABLE, region, "", totals, file)


def parse_official_projection(data: bytes, file: str) -> OfficialProjection:
    """The total population per year of an official projection file (either layout)."""
    lines = _text(data, file).split("\n")
    if any(line.startswith("BEV-VARIANTE") for line in lines) or lines[0].startswith(
        "GENESIS-Tabelle: 12421"
    ):
        return _genesis(lines, file)
    return _table(lines, file)
