"""The reader of a city's own area tables (analytics/io/area_tables.py), without a database."""

from __future__ import annotations

import json

import pytest

from wohnbuendnis.analytics.io.area_tables import parse_area_table
from wohnbuendnis.analytics.io.errors import InputError


def test_german_headers_a_bom_and_windows_1252_are_read() -> None:
    utf8 = b"\xef\xbb\xbf" + "Schlüssel;Name;übergeordnet\n01;Mitte;\n".encode()
    table = parse_area_table(utf8, "a.csv")
    assert [(r.line, r.key, r.name, r.parent) for r in table.rows] == [(2, "01", "Mitte", "")]
    latin = parse_area_table(
        "key;name;parent\n01;Südstadt;\n011;Auefeld;01\n".encode("cp1252"), "b.csv"
    )
    assert [r.name for r in latin.rows] == ["Südstadt", "Auefeld"] and not latin.problems


def test_row_problems_are_collected_with_their_lines() -> None:
    table = parse_area_table(
        b"key,name\n01,Mitte\n01,Doppelt\n,Ohne\n02,\n03,Nord,zu viel\n", "c.csv"
    )
    assert [(p.line, p.column) for p in table.problems] == [
        (3, "key"), (4, "key"), (5, "name"), (6, None),
    ]  # fmt: skip
    assert [r.key for r in table.rows] == ["01"]


def test_a_geojson_keeps_the_boundary_and_the_parent() -> None:
    ring = [[9.4, 51.3], [9.5, 51.3], [9.5, 51.4], [9.4, 51.3]]
    feature = {"type": "Feature", "properties": {"key": 11, "name": "Nord", "parent": 1},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip
    data = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    (row,) = parse_area_table(data, "d.geojson").rows
    assert (row.key, row.parent) == ("11", "1")
    assert row.geometry is not None and row.geometry["coordinates"] == [ring]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"  \n", "empty"),
        (b"name;parent\nMitte;\n", "'key'"),
        (b'{"type": "FeatureCollection", "features": [{"properties": {"key": "1", "name": "A"}, '
         b'"geometry": {"type": "Point", "coordinates": [9, 51]}}]}', "Polygon"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_raises(data: bytes, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        parse_area_table(data, "e")
