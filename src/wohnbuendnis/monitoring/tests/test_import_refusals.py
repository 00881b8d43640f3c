"""What the probes of issue 10 broke (items 2, 5 and 6): each file is refused by the preview
with a German message naming line and column where there is one – no 500, no "in Ordnung"
for a file the commit would refuse, nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportBatch, ImportKind, Observation
from wohnbuendnis.monitoring.tests.test_fuzz_imports import city_alliance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def _keys(alliance) -> list[str]:
    return list(alliance.area.children.order_by("key").values_list("key", flat=True))


def _refused(alliance, tmp_path: Path, name: str, data: bytes, kind: str, **options):
    path = tmp_path / name
    path.write_bytes(data)
    before = (Observation.objects.count(), Area.objects.count(), ImportBatch.objects.count())
    with translation.override("de"):
        preview = services.preview_import(alliance, path, kind, None, options)
        assert not preview.ok
        with pytest.raises(ValidationError):
            services.commit_import(alliance, path, kind, None, options)
        texts = [p.text for p in preview.problems]
    assert (Observation.objects.count(), Area.objects.count(), ImportBatch.objects.count()) == (
        before
    )
    return preview.problems[0], texts[0]


def _qualified(alliance) -> str:
    """The first district's key as files give it: the city's official key, the number under."""
    return f"{alliance.area.key}-{_keys(alliance)[0]}"


def _genesis(rows: list[str]) -> bytes:
    head = ["GENESIS-Tabelle: 12411-01-01-4", "Bevölkerung;;;", ";;;Anzahl"]
    return "\n".join([*head, *rows, "__________"]).encode("latin-1")


def test_koeln_repeated_key_is_refused_with_its_line(demo_alliance, tmp_path):
    body = "005,2031,101,Einwohner,1000\n030,2031,101,Ausländer,100\n" * 1000
    data = ("tab_id,jahr,raum_id,zeile,zahl\n" + body).encode()
    koeln = city_alliance("koeln")  # a city's table goes only into its own city's alliance
    problem, text = _refused(koeln, tmp_path, "koeln.csv", data, ImportKind.KOELN)
    assert (problem.line, problem.column) == (4, "jahr")
    assert text.startswith("doppelter Schlüssel") and "schon in Zeile 2" in text


@pytest.mark.parametrize(
    ("value", "code"),
    [("NaN", "number_not_finite"), ("inf", "number_not_finite"), ("-5", "count_negative")],
)
def test_genesis_nan_infinity_and_negative_counts(demo_alliance, tmp_path, value, code):
    key = _keys(demo_alliance)[0]
    data = _genesis([f"31.12.2022;{key};Gebiet;1.000", f"31.12.2021;{key};Gebiet;{value}"])
    problem, _text = _refused(
        demo_alliance, tmp_path, "t.csv", data, ImportKind.GENESIS, indicator="population"
    )
    assert (problem.line, problem.column, problem.code.value) == (5, "value", code)


def test_genesis_with_a_bom_on_latin1_text(demo_alliance, tmp_path):
    first = demo_alliance.area.children.order_by("key").first()
    data = b"\xef\xbb\xbf" + _genesis([f"31.12.2022;{first.key};{first.name};1.000"])
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    preview = services.preview_import(
        demo_alliance, path, ImportKind.GENESIS, None, {"indicator": "population"}
    )
    assert preview.ok and preview.frame["value"].to_list() == [1000.0]


def test_zensus_negative_count(demo_alliance, tmp_path):
    ars = demo_alliance.area.key[:5] + "0000" + demo_alliance.area.key[5:]
    data = (
        "statistics_code;time;1_variable_code;1_variable_attribute_code;value\n"
        f"1000A;2022-05-15;GEOGM4;{ars};-1.024\n"
    ).encode()
    problem, text = _refused(demo_alliance, tmp_path, "z.csv", data, ImportKind.ZENSUS)
    assert (problem.line, problem.column) == (2, "value") and "≥ 0" in text


@pytest.mark.parametrize("year", ["-1", "NaN", "1066", "9999"])
def test_implausible_years(demo_alliance, tmp_path, year):
    key = _keys(demo_alliance)[0]
    data = f"indicator,area,year,value\npopulation,{key},{year},100\n".encode()
    problem, text = _refused(demo_alliance, tmp_path, "o.csv", data, ImportKind.OBSERVATIONS)
    assert (problem.line, problem.column) == (2, "year")
    assert "Jahr" in text or "ganze Zahl" in text


def test_an_xlsx_that_is_a_csv(demo_alliance, tmp_path):
    data = b"Datum;Stadtteilnummer;Stadtteil;insgesamt\n31.12.2022;01;Altstadt;100\n"
    kiel = city_alliance("kiel")
    _problem, text = _refused(kiel, tmp_path, "k.xlsx", data, ImportKind.KIEL_POPULATION)
    assert text == "eine Excel-Arbeitsmappe (.xlsx) erwartet"


def test_cr_only_line_ends_are_lines(demo_alliance, tmp_path):
    key = _qualified(demo_alliance)
    data = f"indicator,area,year,value\rpopulation,{key},2022,100\rpopulation,{key},2023,-4\r"
    problem, _text = _refused(
        city_alliance("kiel"), tmp_path, "o.csv", data.encode(), ImportKind.KIEL_POPULATION
    )
    assert problem.line == 1  # Kiel's columns are missing: the header was read as a header
    path = tmp_path / "obs.csv"
    path.write_bytes(data.encode())
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS)
    assert [(p.line, p.column) for p in preview.problems] == [(3, "value")]


def _feature(key: str, name: str, geometry) -> dict:
    return {"type": "Feature", "properties": {"key": key, "name": name}, "geometry": geometry}


def _collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


RING = [[7.0, 51.0], [7.1, 51.0], [7.1, 51.1], [7.0, 51.0]]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
         "verschachtelt"),
        (_collection(_feature("99", "Neu", {"type": "Polygon"})), "Koordinaten fehlen"),
        (_collection(_feature("K" * 30, "Neu", {"type": "Polygon", "coordinates": [RING]})),
         "höchstens 20 Zeichen"),
        (_collection(_feature("98", "N" * 121, {"type": "Polygon", "coordinates": [RING]})),
         "höchstens 120 Zeichen"),
    ],
)  # fmt: skip
def test_geojson_nesting_missing_coordinates_and_long_keys(demo_alliance, tmp_path, data, expected):
    _problem, text = _refused(demo_alliance, tmp_path, "g.geojson", data, ImportKind.BOUNDARIES)
    assert expected in text


def test_a_long_source_is_refused_in_the_preview_not_at_the_commit(demo_alliance, tmp_path):
    key = _keys(demo_alliance)[0]
    data = f"indicator,area,year,value,source\npopulation,{key},2022,100,{'Q' * 301}\n"
    problem, text = _refused(demo_alliance, tmp_path, "o.csv", data.encode(), "observations")
    assert (problem.line, problem.column) == (2, "source") and "höchstens 300 Zeichen" in text


def test_a_corrupt_zip(demo_alliance, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/bevoelkerung/nach_stadtteilen.csv", "jahr,Altstadt\n2022,1\n" * 50)
    data = bytearray(buffer.getvalue())
    data[60:70] = b"\x00" * 10  # inside the compressed member
    konstanz = city_alliance("konstanz")
    _problem, text = _refused(konstanz, tmp_path, "k.zip", bytes(data), ImportKind.KONSTANZ)
    assert text == "ein ZIP-Archiv erwartet"


def test_a_zip_member_marked_as_encrypted(demo_alliance, tmp_path):
    """Found by the long fuzz run: zipfile raises RuntimeError for an encrypted member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/bevoelkerung/nach_stadtteilen.csv", "jahr,Altstadt\n2022,1\n")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[6] |= 1  # local header: general purpose flag "encrypted"
    data[central + 8] |= 1  # the same flag in the central directory
    konstanz = city_alliance("konstanz")
    _problem, text = _refused(konstanz, tmp_path, "k.zip", bytes(data), ImportKind.KONSTANZ)
    assert text == "ein ZIP-Archiv erwartet"
