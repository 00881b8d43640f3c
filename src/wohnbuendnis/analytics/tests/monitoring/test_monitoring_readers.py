"""GENESIS/Regionalstatistik, GeoJSON and city-table readers on small synthetic files:
German numbers, Latin-1, Destatis special signs and row-level errors."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from wohnbuendnis.analytics.io.city_tables import (
    normalise_name,
    numbered,
    read_table,
    wide_to_observations,
)
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.genesis_regional import (
    ars_to_ags,
    german_numbers,
    parse_genesis_flat,
    parse_regional_table,
)
from wohnbuendnis.analytics.io.geojson import parse_boundaries

REGIONAL_TABLE = (
    "Fortschreibung des Bevölkerungsstandes;;;\n"
    "Bevölkerung: Kreise, Stichtag;;;\n"
    ";;;Bevölkerung\n"
    ";;;Anzahl\n"
    "31.12.2023;05315;Köln, kreisfreie Stadt;1.084.831\n"
    "31.12.2023;05911;Bochum, kreisfreie Stadt;364 454\n"
    "31.12.2023;05999;Geheim;.\n"
    "31.12.2023;05998;Nichts;-\n"
    "__________\n"
    "(C)opyright Statistisches Bundesamt (Destatis), 2025\n"
).encode("latin-1")


def test_regional_table_in_latin1_with_german_numbers_and_signs() -> None:
    frame = parse_regional_table(REGIONAL_TABLE, "12411-01-01-4.csv", indicator="population")
    assert frame.rows() == [
        ("population", "05315", 2023, 1_084_831.0),
        ("population", "05911", 2023, 364_454.0),
        ("population", "05998", 2023, 0.0),  # '-' = nothing
    ]  # '.' (secret) gives no row


def test_regional_table_text_in_a_number_cell_names_the_physical_line() -> None:
    bad = REGIONAL_TABLE.replace(b"364 454", b"ca. 364")
    with pytest.raises(InputError) as caught:
        parse_regional_table(bad, "t.csv", indicator="population")
    assert (caught.value.line, caught.value.column) == (6, "value")


def test_german_number_formats() -> None:
    frame = pl.DataFrame({"v": ["1.234,5", " 1 675    ", "-  23", "9,7", "x", "...", "-", None]})
    values = german_numbers(frame, "v", "f.csv").to_list()
    assert values == [1234.5, 1675.0, -23.0, 9.7, None, None, 0.0, None]
    point = pl.DataFrame({"v": ["12.2", "1 500"]})
    assert german_numbers(point, "v", "f.csv", decimal=".").to_list() == [12.2, 1500.0]


FLAT = (
    "statistics_code;time;1_variable_code;1_variable_attribute_code;value\n"
    "1000A;2022-05-15;GEOGM4;053150000000;1017355\n"
    "1000A;2022-05-15;GEOGM4;092760130130;2294\n"
    "1000A;2022-05-15;GEODL1;DG;82719540\n"
)


def test_genesis_flat_with_filter_and_ags_keys() -> None:
    frame = parse_genesis_flat(
        FLAT.encode("utf-8-sig"), "z.csv", indicator="population",
        where={"1_variable_code": "GEOGM4"}, key="ags",
    )  # fmt: skip
    assert frame.select("area", "year", "value").rows() == [
        ("05315000", 2022, 1_017_355.0),
        ("09276130", 2022, 2294.0),
    ]
    assert ars_to_ags("053150000000") == "05315000"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (FLAT.replace("2294", "zwei"), 3, "value"),
        (FLAT.replace("2022-05-15;GEODL1", "Stichtag;GEODL1"), 4, "time"),
        (FLAT.replace("1_variable_attribute_code", "code"), 1, "1_variable_attribute_code"),
    ],
)
def test_genesis_flat_errors(text: str, line: int, column: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_genesis_flat(text.encode("latin-1"), "z.csv", indicator="population")
    assert (caught.value.line, caught.value.column) == (line, column)


def feature(key: str | None, ring: list[list[float]]) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {"NR": key, "NAME": f"Gebiet {key}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


SQUARE = [[6.9, 50.9], [7.0, 50.9], [7.0, 51.0], [6.9, 50.9]]


def collection(*features: dict[str, object]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, indent=1)


def test_geojson_boundaries() -> None:
    frame = parse_boundaries(
        collection(feature("1", SQUARE), feature("2", SQUARE)),
        key_property="NR",
        name_property="NAME",
    )
    assert frame.select("key", "name").rows() == [("1", "Gebiet 1"), ("2", "Gebiet 2")]
    assert json.loads(frame["geometry"][0])["type"] == "Polygon"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (collection(feature("1", SQUARE), feature("1", SQUARE)), "feature 2: duplicate key '1'"),
        (collection(feature(None, SQUARE)), "feature 1: property 'NR'"),
        (collection(feature("1", SQUARE[:-1])), "closed rings"),
        (collection(feature("1", [[3500000.0, 5600000.0]] * 4)), "WGS84"),
        ('{"type": "FeatureCollection",\n "features": [}', "valid JSON"),
        ('{"type": "Feature"}', "FeatureCollection"),
    ],
)
def test_geojson_errors(text: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        parse_boundaries(text, "b.geojson", key_property="NR", name_property="NAME")


def test_geojson_syntax_error_has_a_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_boundaries('{"type": "FeatureCollection",\n "features": [}', "b.geojson",
                         key_property="NR", name_property="NAME")  # fmt: skip
    assert caught.value.line == 2


CITY = "Stadtteil;Einwohner;SGB II in %;Jahr\nAltstadt;1 200;12,5;2023\nNord;900;.;2023\n"


def city(tmp_path: Path, text: str) -> pl.DataFrame:
    path = tmp_path / "city.csv"
    path.write_bytes(text.encode("latin-1"))
    return read_table(path)


def test_city_table_to_observations(tmp_path: Path) -> None:
    frame = wide_to_observations(
        city(tmp_path, CITY), "city.csv", key_column="Stadtteil",
        columns={"Einwohner": "population", "SGB II in %": "sgb2_rate"}, year="Jahr",
    )  # fmt: skip
    assert frame.select("indicator", "area", "value").rows() == [
        ("population", "Altstadt", 1200.0),
        ("population", "Nord", 900.0),
        ("sgb2_rate", "Altstadt", 12.5),
    ]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (CITY.replace("900", "-900"), 3, "Einwohner"),  # negative count
        (CITY.replace("12,5", "112,5"), 2, "SGB II in %"),  # share over 100
        (CITY.replace("900", "neun"), 3, "Einwohner"),  # text in a number column
        (CITY.replace("Nord", "Altstadt"), 3, "_year"),  # duplicate key
        (CITY.replace(";Jahr", ";Datum"), 1, "Jahr"),  # missing column
    ],
)
def test_city_table_errors(tmp_path: Path, text: str, line: int, column: str) -> None:
    with pytest.raises(InputError) as caught:
        wide_to_observations(
            city(tmp_path, text), "city.csv", key_column="Stadtteil",
            columns={"Einwohner": "population", "SGB II in %": "sgb2_rate"}, year="Jahr",
        )  # fmt: skip
    assert (caught.value.line, caught.value.column) == (line, column)


def test_error_lines_survive_filtering(tmp_path: Path) -> None:
    text = CITY + "Süd;1.000;x;2022\nWest;-5;3,0;2023\n"
    table = numbered(city(tmp_path, text)).filter(pl.col("Jahr") == "2023")
    with pytest.raises(InputError) as caught:
        wide_to_observations(
            table, "city.csv", key_column="Stadtteil", columns={"Einwohner": "population"},
            year="Jahr",
        )  # fmt: skip
    assert caught.value.line == 5


def test_xlsx_city_table(tmp_path: Path) -> None:
    pytest.importorskip("fastexcel", reason="XLSX needs fastexcel (see requirements)")
    xlsxwriter = pytest.importorskip("xlsxwriter", reason="writing the test XLSX needs xlsxwriter")
    path = tmp_path / "city.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate([["Stadtteil", "Einwohner"], ["Altstadt", 1200], ["Nord", 900]]):
        sheet.write_row(r, 0, row)
    book.close()
    frame = wide_to_observations(
        read_table(path), str(path), key_column="Stadtteil", columns={"Einwohner": "population"},
        year=2023, decimal=".",
    )  # fmt: skip
    assert frame["value"].to_list() == [1200.0, 900.0]


def test_normalise_name() -> None:
    assert normalise_name("  Blücherplatz ") == normalise_name("Bluecherplatz") == "bluecherplatz"
    assert normalise_name("Neumueh\x9dlen/Dietrichsdorf") == "neumuehlen/dietrichsdorf"
