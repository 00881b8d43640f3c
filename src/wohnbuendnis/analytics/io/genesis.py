"""Destatis GENESIS-Online CSV exports (``;``-separated, header block, footnotes).

``parse_*`` take the text (pure); ``read_*`` read a file (UTF-8 with BOM or Latin-1) and name
file, physical line and column in every :class:`InputError`. Tables:
12411-0006 population by sex and single age, 12621-0001 period life tables,
12612-0008 age-specific fertility rates per 1000 women, 12612-0001 live births by sex,
12421-0002 the 15th coordinated population projection (in 1000) by sex and single age.
Arrays use sex 0 = female, 1 = male.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from wohnbuendnis.analytics.forecast.model import FloatArray
from wohnbuendnis.analytics.io.csv_checks import MAX_MAGNITUDE, YEAR_RANGE
from wohnbuendnis.analytics.io.errors import Code, InputError

_AGE = re.compile(r"^(unter 1|\d+)")


def decode(path: Path) -> str:
    """File text: UTF-8 (BOM stripped) or, failing that, Latin-1 (older GENESIS exports)."""
    if not path.is_file():
        raise InputError(path.name, Code.FILE_MISSING)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.replace("\r", "\n") if "\r" in text and "\n" not in text else text


def _number(text: str, name: str, line: int, column: str, comma: bool = True) -> float:
    raw = text.strip().replace(".", "").replace(",", ".") if comma else text.strip()
    try:
        value = float(raw)
    except ValueError:
        raise InputError(
            name, Code.NUMBER_EXPECTED, line=line, column=column, params={"found": text}
        ) from None
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise InputError(
            name,
            Code.NUMBER_NOT_FINITE,
            line=line,
            column=column,
            params={"found": text, "limit": f"{MAX_MAGNITUDE:g}"},
        )
    return value


def _year(text: str, name: str, line: int) -> int:
    """A year in ``YEAR_RANGE`` (e.g. a column header); anything else is an InputError."""
    low, high = YEAR_RANGE
    stripped = text.strip()
    if not re.fullmatch(r"\d{4}", stripped) or not low <= int(stripped) <= high:
        raise InputError(
            name, Code.YEAR_RANGE, line=line, params={"low": low, "high": high, "found": text}
        )
    return int(stripped)


def _age(label: str) -> int | None:
    """``unter 1 Jahr`` → 0, ``37-Jährige``/``37 Jahre`` → 37; None for totals."""
    found = _AGE.match(label.strip())
    if not found:
        return None
    return 0 if found.group(1) == "unter 1" else int(found.group(1))


def parse_population_12411_0006(text: str, name: str) -> dict[int, FloatArray]:
    """12411-0006 → ``{year: persons [sex, age]}`` on 31.12.; ages 0…84 and the open 85+.

    Rows ``31.12.YYYY;age label;male;female;total``; the ``Insgesamt`` rows are checked
    against the sum of the ages.
    """
    result: dict[int, FloatArray] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split(";")
        date = re.fullmatch(r"31\.12\.(\d{4})", fields[0].strip())
        if not date or len(fields) < 5:
            continue
        year, age = int(date.group(1)), _age(fields[1])
        male = _number(fields[2], name, number, "männlich", comma=False)
        female = _number(fields[3], name, number, "weiblich", comma=False)
        array = result.setdefault(year, np.zeros((2, 86)))
        if age is None:
            if abs(array.sum() - male - female) > 0.5:
                raise InputError(name, Code.TOTAL_MISMATCH, line=number)
            continue
        if age > 85:
            raise InputError(
                name,
                Code.AGE_RANGE,
                line=number,
                column="Altersjahr",
                params={"low": 0, "high": 85, "found": fields[1]},
            )
        array[:, age] = (female, male)
    if not result:
        raise InputError(
            name, Code.NO_DATA_ROWS, params={"layout": "31.12.YYYY;age;male;female;total"}
        )
    return result


LIFE_COLUMNS = {"qx": 1, "lx": 5, "Lx": 9, "Tx": 11, "ex": 13}


def parse_life_table_12621_0001(text: str, name: str) -> dict[str, FloatArray]:
    """12621-0001 → ``{"qx"|"lx"|"Lx"|"Tx"|"ex": [sex, age 0…100]}`` (radix l0 = 100 000).

    Column offsets: male 1…13, female +14 (every value is followed by a quality flag).
    """
    tables = {k: np.full((2, 101), np.nan) for k in LIFE_COLUMNS}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split(";")
        if not re.match(r"^\d+ Jahre?$", fields[0].strip()) or len(fields) < 28:
            continue
        age = _age(fields[0])
        if age is None or age > 100:
            raise InputError(
                name,
                Code.AGE_RANGE,
                line=number,
                column="Alter",
                params={"low": 0, "high": 100, "found": fields[0]},
            )
        for key, offset in LIFE_COLUMNS.items():
            for sex, shift in ((0, 14), (1, 0)):
                column = f"{'weiblich' if sex == 0 else 'männlich'} {key}"
                tables[key][sex, age] = _number(fields[offset + shift], name, number, column)
    if np.isnan(tables["qx"]).any():
        raise InputError(
            name, Code.AGE_ROWS_MISSING, params={"low": 0, "high": 100, "table": "12621-0001"}
        )
    return tables


def parse_fertility_12612_0008(text: str, name: str) -> tuple[list[int], FloatArray]:
    """12612-0008 → (years, asfr per woman ``[year, age 15…49]``) from rates per 1000 women."""
    lines = text.splitlines() or [""]
    header = lines[0].split(";")
    years = [_year(y, name, 1) for y in header[1:] if y.strip()]
    rows = np.full((len(years), 35), np.nan)
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(";")
        found = re.match(r"^(\d+) years$", fields[0].strip())
        if not found:
            continue
        age = int(found.group(1))
        if not 15 <= age <= 49 or len(fields) != len(years) + 1:
            raise InputError(
                name,
                Code.AGE_RANGE,
                line=number,
                params={"low": 15, "high": 49, "found": fields[0]},
            )
        for k, value in enumerate(fields[1:]):
            rows[k, age - 15] = _number(value, name, number, str(years[k]), comma=False) / 1000
    if np.isnan(rows).any():
        raise InputError(
            name, Code.AGE_ROWS_MISSING, params={"low": 15, "high": 49, "table": "12612-0008"}
        )
    return years, rows


def parse_births_12612_0001(text: str, name: str) -> dict[int, tuple[float, float]]:
    """12612-0001 → ``{year: (male, female)}`` live births."""
    result = {}
    for number, line in enumerate(text.splitlines()[1:], start=2):
        fields = line.split(";")
        if len(fields) >= 3 and re.fullmatch(r"\d{4}", fields[0].strip()):
            male = _number(fields[1], name, number, "Male", comma=False)
            female = _number(fields[2], name, number, "Female", comma=False)
            result[_year(fields[0], name, number)] = (male, female)
    return result


def parse_projection_12421_0002(text: str, name: str) -> tuple[list[int], FloatArray]:
    """12421-0002 → (years, persons ``[year, sex, age 0…100]``), converted from 1000 persons."""
    years: list[int] = []
    data = np.full((0, 2, 101), np.nan)
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split(";")
        if not years and fields[0] == "" and len(fields) > 4 and "31.12." in fields[4]:
            years = [_year(f[-4:], name, number) for f in fields[4:] if f.strip()]
            data = np.full((len(years), 2, 101), np.nan)
            continue
        if not fields[0].startswith("BEV-VARIANTE") or len(fields) < 4 + len(years):
            continue
        sex = {"weiblich": 0, "männlich": 1}.get(fields[2].strip())
        age = _age(fields[3])
        if sex is None or age is None:
            continue
        if age > 100:
            raise InputError(
                name,
                Code.AGE_RANGE,
                line=number,
                params={"low": 0, "high": 100, "found": fields[3]},
            )
        values = [
            _number(v, name, number, str(years[k]))
            for k, v in enumerate(fields[4 : 4 + len(years)])
        ]
        data[:, sex, age] = np.asarray(values) * 1000.0
    if not years or np.isnan(data).any():
        raise InputError(
            name, Code.AGE_ROWS_MISSING, params={"low": 0, "high": 100, "table": "12421-0002"}
        )
    return years, data


def read_population_12411_0006(path: Path) -> dict[int, FloatArray]:
    """Read 12411-0006 (see :func:`parse_population_12411_0006`)."""
    return parse_population_12411_0006(decode(path), path.name)


def read_life_table_12621_0001(path: Path) -> dict[str, FloatArray]:
    """Read 12621-0001 (see :func:`parse_life_table_12621_0001`)."""
    return parse_life_table_12621_0001(decode(path), path.name)


def read_fertility_12612_0008(path: Path) -> tuple[list[int], FloatArray]:
    """Read 12612-0008 (see :func:`parse_fertility_12612_0008`)."""
    return parse_fertility_12612_0008(decode(path), path.name)


def read_births_12612_0001(path: Path) -> dict[int, tuple[float, float]]:
    """Read 12612-0001 (see :func:`parse_births_12612_0001`)."""
    return parse_births_12612_0001(decode(path), path.name)


def read_projection_12421_0002(path: Path) -> tuple[list[int], FloatArray]:
    """Read 12421-0002 (see :func:`parse_projection_12421_0002`)."""
    return parse_projection_12421_0002(decode(path), path.name)
