"""A city's own areas (districts and quarters) as a table: key, name, parent.

Two formats, told apart by their content:

- GeoJSON FeatureCollection (RFC 7946, WGS84) whose features carry the properties ``key``,
  ``name`` and ``parent``; the boundaries are checked by :func:`geojson.parse_boundaries`.
- CSV with the header ``key;name;parent`` (``;`` or ``,`` as separator, detected from the
  header line), UTF-8 or Windows-1252 (German office exports). ``parent`` may be omitted: every
  row is then a district. German headers ``Schlüssel``/``Name``/``übergeordnet`` are accepted.

``parent`` empty means "directly below the municipality"; otherwise it names the key of another
row (or of an area that already exists). Where the rows sit in the hierarchy is decided by the
caller, who knows the existing areas; this module only reads and checks the rows themselves.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.io.geojson import parse_boundaries

HEADER_ALIASES = {
    "key": "key",
    "schlüssel": "key",
    "schluessel": "key",
    "nummer": "key",
    "name": "name",
    "parent": "parent",
    "übergeordnet": "parent",
    "uebergeordnet": "parent",
}
MAX_KEY_LENGTH = 20
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class AreaRow:
    """One area of the file; ``line`` is the physical line (CSV) or the feature number
    (GeoJSON); ``geometry`` a GeoJSON (Multi)Polygon or None (CSV)."""

    line: int
    key: str
    name: str
    parent: str
    geometry: dict[str, Any] | None = None


@dataclass
class AreaTable:
    """The rows that could be read and the problems of the others (each with its line)."""

    file: str
    rows: list[AreaRow] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)

    def problem(self, code: Code, line: int, column: str | None = None, **params: object) -> None:
        self.problems.append(InputError(self.file, code, line=line, column=column, params=params))


def parse_area_table(data: bytes, file: str) -> AreaTable:
    """Parse a GeoJSON or CSV area table (see the module docstring).

    Returns the rows and the row problems (missing key or name, a key or name too long, a
    duplicate key, an area that is its own parent). A file that cannot be read at all – not
    text, invalid JSON, no header, a missing ``key``/``name`` column, an invalid boundary –
    raises :class:`InputError`.
    """
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise InputError(file, Code.AREA_FILE_EMPTY)
    table = (
        _parse_geojson(data, file) if stripped.startswith((b"{", b"[")) else _parse_csv(data, file)
    )
    _check_rows(table)
    table.problems.sort(key=lambda problem: problem.line or 0)
    return table


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the encoding of German office exports."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(file, Code.NOT_TEXT, line=line) from None


def _parse_csv(data: bytes, file: str) -> AreaTable:
    text = decode_text(data, file)
    header_line = text.splitlines()[0] if text.splitlines() else ""
    separator = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = [HEADER_ALIASES.get(name.strip().lower(), name.strip()) for name in next(reader, [])]
    for required in ("key", "name"):
        if required not in header:
            raise InputError(
                file, Code.COLUMN_MISSING, line=1, column=required, params={"name": required}
            )
    table = AreaTable(file)
    index = {name: header.index(name) for name in ("key", "name", "parent") if name in header}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            table.problem(Code.RAGGED_ROW, line, width=len(header), found=len(record))
            continue
        values = {name: record[position].strip() for name, position in index.items()}
        table.rows.append(
            AreaRow(line, values["key"], values["name"], values.get("parent", ""), None)
        )
    return table


def _parse_geojson(data: bytes, file: str) -> AreaTable:
    frame = parse_boundaries(data, file, key_property="key", name_property="name")
    document = json.loads(decode_text(data, file))
    table = AreaTable(file)
    for number, (feature, key, name, geometry) in enumerate(
        zip(document["features"], frame["key"], frame["name"], frame["geometry"], strict=True),
        start=1,
    ):
        parent = feature["properties"].get("parent")
        parent_key = "" if parent is None else str(parent).strip()
        table.rows.append(AreaRow(number, str(key), str(name), parent_key, json.loads(geometry)))
    return table


def _check_rows(table: AreaTable) -> None:
    """Row rules that need no database: required cells, lengths, unique keys, no self-parent."""
    seen: dict[str, int] = {}
    valid: list[AreaRow] = []
    for row in table.rows:
        before = len(table.problems)
        if not row.key:
            table.problem(Code.VALUE_EMPTY, row.line, "key")
        elif len(row.key) > MAX_KEY_LENGTH:
            table.problem(Code.TEXT_TOO_LONG, row.line, "key",
                          limit=MAX_KEY_LENGTH, length=len(row.key))  # fmt: skip
        elif row.key in seen:
            table.problem(Code.DUPLICATE_KEY, row.line, "key", key=row.key, first=seen[row.key])
        if not row.name:
            table.problem(Code.VALUE_EMPTY, row.line, "name")
        elif len(row.name) > MAX_NAME_LENGTH:
            table.problem(Code.TEXT_TOO_LONG, row.line, "name",
                          limit=MAX_NAME_LENGTH, length=len(row.name))  # fmt: skip
        if row.key and row.parent == row.key:
            table.problem(Code.PARENT_SELF, row.line, "parent")
        if len(table.problems) == before:
            seen[row.key] = row.line
            valid.append(row)
    table.rows = valid
