"""Observations as German office programs save them (issue 13): the adapter that turns a file
into the text of an ``observations.csv`` (UTF-8, ',' separated, '.' as decimal point, English
column names), which :func:`~wohnbuendnis.analytics.io.observations.parse_observations` then
checks as always.

Accepted: UTF-8 with or without BOM, Windows-1252/Latin-1; ``,``, ``;`` or tab as separator
(read from the header line); in a file separated by ``;`` or tab the decimal comma (``12,5``)
and '.' as thousands separator (``12.000``, ``1.234,5``); German column names (``Indikator,
Gebiet, Gebietsname, Jahr, Wert, Einheit, Quelle, Anmerkung``); XLSX (first sheet). A file
that already is a plain ``observations.csv`` is passed on as it is (no copy is made).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from wohnbuendnis.analytics.io.city_tables import read_table
from wohnbuendnis.analytics.io.csv_checks import read_string_frame
from wohnbuendnis.analytics.io.errors import unreadable
from wohnbuendnis.analytics.io.genesis_regional import _check_utf8, office_bytes

#: German (and other usual) column names → the names of ``observations.csv`` (lower case).
HEADERS = {
    "indikator": "indicator",
    "indikatorschlüssel": "indicator",
    "schlüssel des indikators": "indicator",
    "gebiet": "area",
    "gebietsschlüssel": "area",
    "schlüssel des gebiets": "area",
    "gebietsname": "area_name",
    "name des gebiets": "area_name",
    "jahr": "year",
    "wert": "value",
    "einheit": "unit",
    "quelle": "source",
    "anmerkung": "note",
    "bemerkung": "note",
}
#: The column names the platform writes (templates, downloads): the first German name of each.
GERMAN_HEADERS: dict[str, str] = {}
for _german, _name in HEADERS.items():
    GERMAN_HEADERS.setdefault(_name, _german.capitalize())
CANONICAL = ("indicator", "area", "year", "value")
#: A German number with '.' between groups of three digits and an optional decimal comma.
_GROUPED = r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"


def office_observations(path: str | Path, file: str | None = None) -> bytes:
    """The file at ``path`` as the bytes of an ``observations.csv`` (see the module).

    Raises :class:`InputError` for a file that cannot be read or is no table; the values
    themselves are checked by ``parse_observations`` (lines stay those of the file: one
    record per line, as the readers require)."""
    path = Path(path)
    file = file or path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = read_table(path)
        return _canonical(frame, decimal_comma=False, spreadsheet=True)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(file, error) from None
    return parse_office_observations(data, file)


def parse_office_observations(data: bytes, file: str) -> bytes:
    """The bytes of an office CSV as the bytes of an ``observations.csv`` (see the module)."""
    if _plain(data):
        return data
    data = office_bytes(data)
    separator = _separator(data)
    frame = read_string_frame(data, file, separator=separator)
    return _canonical(frame, decimal_comma=separator != ",", spreadsheet=False)


def _header(data: bytes) -> bytes:
    end = data.find(b"\n")
    return (data if end < 0 else data[:end]).rstrip(b"\r")


def _plain(data: bytes) -> bool:
    """UTF-8 without BOM, ',' separated, the English column names: nothing to convert."""
    header = _header(data)
    try:
        names = [n.strip() for n in header.decode("ascii").split(",")]
        _check_utf8(data)  # a megabyte at a time: no decoded copy
    except UnicodeDecodeError:
        return False
    german = any(name.lower() in HEADERS for name in names)
    return all(name in names for name in CANONICAL) and not german


def _separator(data: bytes) -> str:
    """The separator of the header line: the most frequent of ';', tab and ','."""
    header = _header(data)
    counts = {sep: header.count(sep.encode()) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _canonical(frame: pl.DataFrame, *, decimal_comma: bool, spreadsheet: bool) -> bytes:
    names = {c: HEADERS.get(c.strip().lower(), c.strip()) for c in frame.columns}
    frame = frame.rename(names)
    if "value" in frame.columns:
        value = pl.col("value").str.strip_chars()
        if decimal_comma:
            value = (
                pl.when(value.str.contains(_GROUPED))
                .then(value.str.replace_all(".", "", literal=True))
                .otherwise(value)
                .str.replace(",", ".", literal=True)
            )
        elif spreadsheet:  # a number typed as text in a German sheet: "12,5"
            value = (
                pl.when(value.str.contains(r"^[+-]?\d+,\d+$"))
                .then(value.str.replace(",", ".", literal=True))
                .otherwise(value)
            )
        frame = frame.with_columns(value.alias("value"))
    if spreadsheet and "year" in frame.columns:  # a year cell read as 2024.0
        frame = frame.with_columns(pl.col("year").str.replace(r"^(\d+)\.0+$", "${1}"))
    return frame.write_csv(line_terminator="\n").encode()
