"""GENESIS-Online / Regionaldatenbank Deutschland / Zensus database CSV exports → observations.

Two layouts: the "flat" CSV (one value per row, columns ``time``, ``1_variable_attribute_code``,
``value`` …; e.g. Zensus 2022 table 1000A-0000) and the classic table CSV of the
Regionaldatenbank (title lines, then ``date;key;name;value…`` rows, a ``_____`` line and the
copyright). Both use ``;``, Latin-1 or UTF-8 (with BOM) and German numbers (decimal comma;
``.`` or space as thousands separator). Destatis special signs (Zeichenerklärung): ``-``
nothing (= 0), ``.`` unknown or secret, ``x`` not sensible, ``...`` not yet available, ``/``
too uncertain — all but ``-`` give no value.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from wohnbuendnis.analytics.io.csv_checks import (
    YEAR_RANGE,
    check_finite,
    check_years,
    first_true,
    line_of,
    read_string_frame,
    require_columns,
    to_float,
)
from wohnbuendnis.analytics.io.errors import Code, InputError, unreadable

NOTHING = "-"
NO_VALUE_SIGNS = (".", "x", "X", "...", "…", "/", "–")
_SPACES = r"[\s\u00a0\u202f]"
_YEAR = re.compile(r"(\d{4})")


def decode_office_text(data: bytes) -> str:
    """Text of an office export: UTF-8 when it is valid UTF-8 (a BOM is dropped), else Latin-1
    (Windows-1252 where it differs), the encoding GENESIS uses for its CSV downloads. Lines
    ending in a carriage return only (old Mac exports) are read as lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252") if _is_cp1252(data) else data.decode("latin-1")
    return text if "\n" in text or "\r" not in text else text.replace("\r", "\n")


def office_bytes(data: bytes) -> bytes:
    """The bytes of an office export as UTF-8 (see :func:`decode_office_text`) without keeping
    a decoded copy: valid UTF-8 is passed on as it is (a BOM dropped), Latin-1/Windows-1252
    is transcoded; lines ending in a carriage return only become lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        _check_utf8(data)
    except UnicodeDecodeError:
        data = (data.decode("cp1252") if _is_cp1252(data) else data.decode("latin-1")).encode()
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    return data


def _check_utf8(data: bytes, chunk: int = 2**20) -> None:
    """Raise UnicodeDecodeError unless ``data`` is UTF-8, decoding a megabyte at a time (a
    decoded copy of a large file would double its memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), chunk):
        decoder.decode(view[start : start + chunk])
    decoder.decode(b"", final=True)


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def german_number_expr(column: str, *, decimal: str = ",") -> pl.Expr:
    """Polars expression turning German number text into Float64 (null for a special sign).

    ``decimal=","``: '.' and spaces are thousands separators (``1.234,5``, ``1 234,5``);
    ``decimal="."``: only spaces are. ``-`` alone is 0 (Destatis "nichts vorhanden").
    """
    text = pl.col(column).str.replace_all(_SPACES, "")
    number = text.str.replace_all(r"\.", "").str.replace(",", ".") if decimal == "," else text
    return (
        pl.when(text == NOTHING)
        .then(pl.lit(0.0))
        .when(text.is_in(list(NO_VALUE_SIGNS)) | (text == ""))
        .then(pl.lit(None, pl.Float64))
        .otherwise(number.cast(pl.Float64, strict=False))
    )


def german_numbers(
    frame: pl.DataFrame, column: str, file: str, *, decimal: str = ",", line_offset: int = 0
) -> pl.Series:
    """Column ``column`` of string ``frame`` as Float64 via :func:`german_number_expr`; text that
    is neither a number nor a special sign raises :class:`InputError` with its physical line
    (data row i is on line ``line_of(i) + line_offset``)."""
    values = frame.select(german_number_expr(column, decimal=decimal)).to_series()
    text = frame[column].str.replace_all(_SPACES, "")
    signs = text.is_in([NOTHING, *NO_VALUE_SIGNS]) | (text == "") | text.is_null()
    index = first_true(values.is_null() & ~signs)
    if index is not None:
        raise InputError(
            file,
            Code.GERMAN_NUMBER_EXPECTED,
            line=line_of(index) + line_offset,
            column=column,
            params={"found": frame[column][index]},
        )
    lines = pl.int_range(len(values), eager=True) + line_of(0) + line_offset
    check_finite(values, file, column, frame[column], lines)
    return values.alias(column)


def check_bounds(
    values: pl.Series,
    file: str,
    column: str,
    bounds: tuple[float | None, float | None],
    lines: pl.Series | None = None,
) -> None:
    """Raise for the first value outside ``bounds`` (low, high; None = open); row i is on
    ``lines[i]`` or ``line_of(i)``."""
    low, high = bounds
    values = values.cast(pl.Float64, strict=False)
    bad = pl.Series("bad", [False] * len(values), dtype=pl.Boolean)
    if low is not None:
        bad = bad | (values < low).fill_null(False)
    if high is not None:
        bad = bad | (values > high).fill_null(False)
    index = first_true(bad)
    if index is None:
        return
    line = int(lines[index]) if lines is not None else line_of(index)
    found = values[index]
    if low == 0 and high is None:
        code, params = Code.COUNT_NEGATIVE, {"found": f"{found:g}"}
    elif high is None:
        code, params = Code.NUMBER_MIN, {"low": f"{low:g}", "found": f"{found:g}"}
    else:
        code = Code.NUMBER_RANGE
        params = {"low": f"{low or 0:g}", "high": f"{high:g}", "found": f"{found:g}"}
    raise InputError(file, code, line=line, column=column, params=params)


def ars_to_ags(ars: str) -> str:
    """8-digit AGS from a 12-digit ARS: Land, RB, Kreis (5) + Gemeinde (last 3)."""
    return ars[:5] + ars[-3:] if len(ars) == 12 else ars


def parse_genesis_flat(
    data: bytes | str,
    file: str,
    *,
    indicator: str,
    where: Mapping[str, str] | None = None,
    key: str = "ars",
    bounds: tuple[float | None, float | None] = (None, None),
) -> pl.DataFrame:
    """Observations from a GENESIS "flat" CSV (``;``; e.g. Zensus 2022 1000A-0000).

    ``where``: column → required value, to select one variable combination (e.g.
    ``{"1_variable_code": "GEOGM4"}`` for municipalities only). ``key``: ``ars`` keeps
    ``1_variable_attribute_code`` as area key, ``ags`` shortens 12-digit ARS to the 8-digit AGS.
    The year is the first four-digit number of ``time`` (within ``YEAR_RANGE``); values must
    lie within ``bounds`` (low, high; None = open, e.g. ``(0, None)`` for counts). Returns an
    observations frame (``indicator, area, year, value, source``); rows whose value is a
    special sign are left out.
    """
    text = decode_office_text(data) if isinstance(data, bytes) else data
    raw = read_string_frame(text, file, separator=";").with_row_index("_row")
    require_columns(raw, ["time", "1_variable_attribute_code", "value", *(where or {})], file)
    raw = raw.with_columns(german_numbers(raw, "value", file).alias("_value"))
    for column, wanted in (where or {}).items():
        raw = raw.filter(pl.col(column) == wanted)
    values = raw["_value"].alias("value")
    years = raw["time"].str.extract(r"(\d{4})").cast(pl.Int64)
    frame = pl.DataFrame(
        {
            "indicator": pl.Series([indicator] * raw.height, dtype=pl.String),
            "area": raw["1_variable_attribute_code"].str.strip_chars(),
            "year": years,
            "value": values,
            "source": raw["statistics_code"] if "statistics_code" in raw.columns else None,
        }
    )
    _check_year(frame, raw, file, "time")
    lines = raw["_row"].cast(pl.Int64) + line_of(0)
    check_years(frame["year"], file, "time", raw=raw["time"], lines=lines)
    check_bounds(frame["value"], file, "value", bounds, lines)
    if key == "ags":
        frame = frame.with_columns(pl.col("area").map_elements(ars_to_ags, return_dtype=pl.String))
    return frame.filter(pl.col("value").is_not_null())


def _check_year(frame: pl.DataFrame, raw: pl.DataFrame, file: str, column: str) -> None:
    index = first_true(frame["year"].is_null())
    if index is not None:
        raise InputError(
            file,
            Code.YEAR_EXPECTED,
            line=line_of(int(raw["_row"][index])),
            column=column,
            params={"found": raw[column][index]},
        )


def parse_regional_table(
    data: bytes | str,
    file: str,
    *,
    indicator: str,
    value_field: int = 3,
    bounds: tuple[float | None, float | None] = (None, None),
    with_lines: bool = False,
) -> pl.DataFrame:
    """Observations from a classic Regionaldatenbank/GENESIS table CSV.

    Data rows are the lines ``date;key;name;v1;v2…`` whose first field holds a year or date
    (``31.12.2022``, ``2022``); title lines before and the ``____`` footer are skipped.
    ``value_field``: 0-based field of the value. Returns ``indicator, area, year, value``;
    special signs give no row. Text that is no number, a year outside ``YEAR_RANGE`` or a value
    outside ``bounds`` (see :func:`parse_genesis_flat`) raises :class:`InputError` with the
    physical line. ``with_lines`` adds the columns ``line`` (physical line of each row) and
    ``area_name`` (the name beside the key, so that a short key can be checked by its name).
    """
    text = decode_office_text(data) if isinstance(data, bytes) else data
    rows: list[tuple[str, int, str, int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("___"):
            break
        fields = line.split(";")
        match = _YEAR.search(fields[0]) if len(fields) > value_field else None
        if match and fields[1].strip() and re.fullmatch(r"[\d.]{4,10}", fields[0].strip()):
            name = fields[2].strip() if value_field > 2 else ""
            rows.append((fields[1].strip(), int(match.group(1)), fields[value_field], number, name))
    if not rows:
        raise InputError(file, Code.NO_DATA_ROWS, params={"layout": "date;key;name;value"})
    raw = pl.DataFrame(rows, schema=["area", "year", "value", "line", "name"], orient="row")
    check_years(raw["year"], file, "date", lines=raw["line"], bounds=YEAR_RANGE)
    values = _table_values(raw, file)
    check_bounds(values, file, "value", bounds, raw["line"])
    frame = pl.DataFrame(
        {
            "indicator": pl.Series([indicator] * raw.height, dtype=pl.String),
            "area": raw["area"],
            "year": raw["year"].cast(pl.Int64),
            "value": values,
            "line": raw["line"].cast(pl.Int64),
            "area_name": raw["name"],
        }
    ).filter(pl.col("value").is_not_null())
    return frame if with_lines else frame.drop("line", "area_name")


def _table_values(raw: pl.DataFrame, file: str) -> pl.Series:
    try:
        return german_numbers(raw, "value", file)
    except InputError as error:
        # german_numbers counts lines of a CSV with header; here every row knows its line.
        index = (error.line or 2) - 2
        raise InputError(
            file, error.code, line=int(raw["line"][index]), column="value", params=error.params
        ) from None


def read_genesis_flat(
    path: str | Path,
    *,
    indicator: str,
    where: Mapping[str, str] | None = None,
    key: str = "ars",
    bounds: tuple[float | None, float | None] = (None, None),
) -> pl.DataFrame:
    """Read a GENESIS flat CSV file; see :func:`parse_genesis_flat`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(str(path), error) from None
    return parse_genesis_flat(
        data, str(path), indicator=indicator, where=where, key=key, bounds=bounds
    )


# --- Regionaldatenbank tables with several value columns ----------------------------------------


@dataclass(frozen=True)
class Share:
    """An indicator a table gives only through several columns: the per cent that the columns
    ``parts`` (summed) make of the column ``whole``, each named by its header cells as in
    :data:`REGIONAL_TABLES`; ``label`` names the parts in a problem (``unter 18 Jahre``)."""

    label: str
    parts: tuple[tuple[str, ...], ...]
    whole: tuple[str, ...]


#: Header cells of a column: the cells above it (every one exactly, a cell named twice must
#: be there twice), or a :class:`Share` of several columns.
Column = tuple[str, ...] | Share

_TOTAL = "Insgesamt"
#: The age groups of 12411-02-03-5 (Bevölkerung nach Geschlecht und Altersgruppen (17)).
_UNDER_18 = (
    "unter 3 Jahre",
    "3 bis unter 6 Jahre",
    "6 bis unter 10 Jahre",
    "10 bis unter 15 Jahre",
    "15 bis unter 18 Jahre",
)
_FROM_75 = ("75 Jahre und mehr",)
_FROM_65 = ("65 bis unter 75 Jahre", *_FROM_75)

#: The municipal tables of the Regionaldatenbank (suffix ``-5``) the import reads by their
#: number, and for each indicator the header cells its column has. A table whose dates head
#: the columns (12411-01-01-5) gives one value per date. 12411-02-03-5 has sex above the age
#: groups (``Insgesamt``/``männlich``/``weiblich`` over ``unter 3 Jahre`` … ``75 Jahre und
#: mehr``, ``Insgesamt``): the shares under 18, 65+ and 75+ come from the age groups of both
#: sexes; the share of 80+ cannot be derived from it (its oldest group is 75 and more, which
#: ``share_75_plus`` is).
REGIONAL_TABLES: dict[str, dict[str, Column]] = {
    # Bevölkerung nach Geschlecht, Stichtag 31.12.
    "12411-01-01-5": {
        "population": (_TOTAL,),
        "population_male": ("männlich",),
        "population_female": ("weiblich",),
    },
    # Bevölkerung nach Geschlecht und Altersgruppen (17), Stichtag 31.12.
    "12411-02-03-5": {
        "population_male": ("männlich", _TOTAL),
        "population_female": ("weiblich", _TOTAL),
        "share_under_18": Share(
            "unter 18 Jahre", tuple((_TOTAL, age) for age in _UNDER_18), (_TOTAL, _TOTAL)
        ),
        "share_65_plus": Share(
            "65 Jahre und mehr", tuple((_TOTAL, age) for age in _FROM_65), (_TOTAL, _TOTAL)
        ),
        "share_75_plus": Share(
            "75 Jahre und mehr", tuple((_TOTAL, age) for age in _FROM_75), (_TOTAL, _TOTAL)
        ),
    },
    # Wohngebäude- und Wohnungsbestand (bis 2010)
    "31231-01-02-5": {
        "dwellings": ("Wohnungen in Wohn- und Nichtwohngebäuden", _TOTAL),
    },
    # Wohngebäude- und Wohnungsbestand (ab 2011)
    "31231-02-01-5": {"dwellings": ("Wohnungen in Wohn- und Nichtwohngebäuden", _TOTAL)},
    # Baufertigstellungen: Wohnungen in Wohn- und Nichtwohngebäuden (einschl. Umbau)
    "31121-03-02-5": {"completions": (_TOTAL,)},
    # Baugenehmigungen: neue Wohngebäude und Wohnungen in Wohngebäuden
    "31111-01-02-5": {"permits": ("Wohnungen in Wohngebäuden", _TOTAL)},
}
_TABLE = re.compile(r"GENESIS-Tabelle:\s*([\d-]+)")
_DATE = re.compile(r"^(?:\d{2}\.\d{2}\.)?(\d{4})$")
# What a picked column gives: the indicator's value, or a part or the whole of a Share.
_VALUE, _PART, _WHOLE = "value", "part", "whole"


def regional_table_code(data: bytes | str) -> str | None:
    """The table number in the first line of a Regionaldatenbank export
    (``GENESIS-Tabelle: 12411-01-01-5``), or None."""
    text = data[:400].decode("latin-1") if isinstance(data, bytes) else data[:400]
    match = _TABLE.search(text.split("\n", 1)[0])
    return match.group(1) if match else None


def _year_of(cell: str) -> int | None:
    match = _DATE.match(cell.strip())
    return int(match.group(1)) if match else None


def _is_key(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{2,12}", cell.strip()))


def _has(cells: list[str], wanted: tuple[str, ...]) -> bool:
    """Whether a column's header ``cells`` hold every wanted cell (as often as wanted)."""
    have = Counter(cells)
    return all(have[cell] >= n for cell, n in Counter(wanted).items())


def _column_year(cells: list[str]) -> int | None:
    years = [y for c in cells if (y := _year_of(c)) is not None]
    return years[0] if years else None


def _pick(
    columns: Mapping[str, Column], cells: list[list[str]]
) -> list[tuple[str, str, int, int | None, int]]:
    """(indicator, what it gives, value index, column year, group) of each column wanted: a
    Share's whole and parts of one date form a group (all its parts or none)."""
    picked: list[tuple[str, str, int, int | None, int]] = []
    for indicator, wanted in columns.items():
        for j, column in enumerate(cells):
            year = _column_year(column)
            if isinstance(wanted, Share):
                if not _has(column, wanted.whole):
                    continue
                parts = [
                    next((k for k, c in enumerate(cells) if _has(c, part)
                          and _column_year(c) == year), None)
                    for part in wanted.parts
                ]  # fmt: skip
                if None in parts:
                    continue
                group = len(picked)
                picked.append((indicator, _WHOLE, j, year, group))
                picked += [(indicator, _PART, k, year, group) for k in parts if k is not None]
            elif _has(column, wanted):
                picked.append((indicator, _VALUE, j, year, len(picked)))
    return picked


def _label(wanted: Column) -> str:
    return " + ".join(wanted.parts[0] if isinstance(wanted, Share) else wanted)


def parse_regional_columns(  # noqa: C901, PLR0912 (one pass, three layouts)
    data: bytes | str,
    file: str,
    *,
    columns: Mapping[str, Column],
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
) -> pl.DataFrame:
    """Observations from a Regionaldatenbank table with several value columns.

    Rows are ``key;name;v1;v2…`` or ``date;key;name;v1…``; the year is the row's date, the
    column's date in the header (``31.12.2015`` above ``Insgesamt``) or a line holding only a
    date or year above the header. ``columns``: indicator → header cells of its column, or a
    :class:`Share` of several columns (see :data:`REGIONAL_TABLES`). Returns ``indicator,
    area, year, value, line, area_name``; special signs give no row (a share: a special sign
    in one of its columns, or a whole of 0); text that is no number, a year outside
    ``YEAR_RANGE``, a value outside ``bounds``, a negative part of a share or parts larger
    than their whole raise :class:`InputError` with the line.
    """
    text = decode_office_text(data) if isinstance(data, bytes) else data
    header: list[list[str]] = []
    title_year: int | None = None
    rows: list[tuple[str, str, int | None, list[str], int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("___"):
            break
        fields = [field.strip().strip('"') for field in line.split(";")]
        dated = _year_of(fields[0]) if fields[0] else None
        if dated is not None and not any(fields[1:]):
            if rows:
                break
            title_year = dated
        elif dated is not None and len(fields) > 2 and _is_key(fields[1]):
            rows.append((fields[1], fields[2], dated, fields[3:], number))
        elif _is_key(fields[0]) and len(fields) > 2:
            rows.append((fields[0], fields[1], None, fields[2:], number))
        elif rows:
            break  # the footnotes after the data
        elif fields[0] == "" and any(fields):
            header.append(fields)
    if not rows:
        raise InputError(file, Code.NO_DATA_ROWS, params={"layout": "key;name;value"})
    offset = 3 if rows[0][2] is not None else 2  # first value field of a header line
    width = max(len(values) for *_, values, _ in rows)
    cells = [[h[offset + j] if offset + j < len(h) else "" for h in header] for j in range(width)]
    picked = _pick(columns, cells)
    if not picked:
        raise InputError(file, Code.COLUMN_MISSING, line=1, params={"name": " / ".join(
            _label(w) for w in columns.values())})  # fmt: skip
    records: list[tuple[str, str, int, str, int, str, int, str]] = []
    for key, name, dated, values, number in rows:
        for indicator, role, j, column_year, group in picked:
            year = dated or column_year or title_year
            if year is None:
                raise InputError(file, Code.YEAR_EXPECTED, line=number, params={"found": ""})
            value = values[j] if j < len(values) else ""
            records.append((indicator, role, group, key, year, value, number, name))
    raw = pl.DataFrame(
        records,
        schema=["indicator", "role", "group", "area", "year", "value", "line", "area_name"],
        orient="row",
    )
    check_years(raw["year"], file, "date", lines=raw["line"], bounds=YEAR_RANGE)
    raw = raw.with_columns(
        pl.col("year").cast(pl.Int64), _table_values(raw, file), pl.col("line").cast(pl.Int64)
    )
    plain = raw.filter(pl.col("role") == _VALUE)
    shares = _shares(raw.filter(pl.col("role") != _VALUE), file, columns)
    frame = pl.concat([plain, shares]).drop("role", "group")
    for indicator, limits in (bounds or {}).items():
        mask = frame["indicator"] == indicator
        lines = frame["line"].filter(mask)
        check_bounds(frame["value"].filter(mask), file, indicator, limits, lines)
    return frame.filter(pl.col("value").is_not_null())


def _shares(raw: pl.DataFrame, file: str, columns: Mapping[str, Column]) -> pl.DataFrame:
    """The value of each Share from the rows of its parts and whole (``raw``: one row per
    column of a data line): 100 × Σ parts / whole; no value where a column holds a special
    sign or the whole is 0. A negative column or parts above the whole raise."""
    for indicator in raw["indicator"].unique(maintain_order=True):
        mask = raw["indicator"] == indicator
        check_bounds(raw["value"].filter(mask), file, indicator, (0.0, None),
                     raw["line"].filter(mask))  # fmt: skip
    part = pl.col("value").filter(pl.col("role") == _PART)
    whole = pl.col("value").filter(pl.col("role") == _WHOLE).first()
    sums = raw.group_by("indicator", "group", "line", maintain_order=True).agg(
        pl.col("role").first(),
        pl.col("area").first(),
        pl.col("year").first(),
        pl.col("area_name").first(),
        pl.when(part.is_null().any()).then(None).otherwise(part.sum()).alias("part"),
        whole.alias("whole"),
    )
    over = first_true((sums["part"] > sums["whole"]).fill_null(False))
    if over is not None:
        row = sums.row(over, named=True)
        wanted = columns[row["indicator"]]
        raise InputError(
            file,
            Code.PARTS_EXCEED_TOTAL,
            line=int(row["line"]),
            column=row["indicator"],
            params={
                "name": wanted.label if isinstance(wanted, Share) else row["indicator"],
                "parts": f"{row['part']:g}",
                "total": f"{row['whole']:g}",
            },
        )
    share = (
        pl.when(pl.col("whole") > 0).then(100 * pl.col("part") / pl.col("whole")).otherwise(None)
    )
    return sums.select(
        "indicator", "role", "group", "area", "year", share.alias("value"), "line", "area_name"
    )


ZENSUS_RENT_COLUMN = "nettokaltmiete_eur_per_sqm_mean"


def read_zensus_rent(path: str | Path, *, indicator: str = "existing_rent_eur_m2") -> pl.DataFrame:
    """Zensus 2022 table 4000W-0004 (mean net cold rent of rented dwellings in €/m² per
    municipality, 15.05.2022) as CSV with the columns ``ars`` or ``ags`` and
    ``nettokaltmiete_eur_per_sqm_mean``: observations keyed by the 8-digit AGS, year 2022. An
    empty value gives no row; a negative one or text is refused with its line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(str(path), error) from None
    file = path.name
    raw = read_string_frame(decode_office_text(data), file)
    key = "ags" if "ags" in raw.columns else "ars"
    require_columns(raw, [key, ZENSUS_RENT_COLUMN], file)
    values = to_float(raw, ZENSUS_RENT_COLUMN, file, required=False)
    check_bounds(values, file, ZENSUS_RENT_COLUMN, (0.0, None))
    keys = raw[key].str.strip_chars().map_elements(ars_to_ags, return_dtype=pl.String)
    return pl.DataFrame(
        {
            "indicator": pl.Series([indicator] * raw.height, dtype=pl.String),
            "area": keys,
            "year": pl.Series([2022] * raw.height, dtype=pl.Int64),
            "value": values.alias("value"),
        }
    ).filter(pl.col("value").is_not_null())
