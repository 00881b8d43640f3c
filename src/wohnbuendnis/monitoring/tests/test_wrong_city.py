"""Issue 13, item 1: imports that cannot hit the wrong city, German office files, undo.

Kiel's and Köln's real population files (``../shared/data/real``, read from there) are refused
by Musterstadt's alliance and write nothing; an alliance of their own city imports them. A
semicolon/decimal-comma/Windows-1252 copy (and an XLSX copy) of an observations file imports
to the same values as the original; an undone import leaves the observations as before, row
by row, and the revisions keep both the import's change and its undoing.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.analytics.io.city_tables import read_table
from wohnbuendnis.analytics.io.errors import Code
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import (
    ImportBatch,
    ImportKind,
    Observation,
    ObservationRevision,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

KIEL_FILE = ("kiel-stadtteile", "kiel_bevoelkerung_stadtteile_einwohner_geschlecht.csv")
KOELN_FILE = ("koeln-stadtteile", "bevoelkerung_2005-2012.csv")


def _rows() -> list[tuple]:
    """Every observation, as it is stored (without the time stamp of its recording)."""
    return list(
        Observation.objects.order_by("pk").values_list(
            "pk", "indicator_id", "area_id", "year", "value", "source", "batch_id"
        )
    )


def _counts() -> tuple[int, int, int]:
    return (
        Observation.objects.count(),
        ObservationRevision.objects.count(),
        ImportBatch.objects.count(),
    )


def _city(key: str, name: str, districts: dict[str, str]) -> Alliance:
    root = Area.objects.create(level=AreaLevel.MUNICIPALITY, key=key, name=name)
    Area.objects.bulk_create(
        Area(parent=root, level=AreaLevel.DISTRICT, key=k, name=n) for k, n in districts.items()
    )
    return Alliance.objects.create(name=f"Bündnis {name}", slug=f"b-{key}", area=root)


def _kiel(real_data: Path) -> Alliance:
    pairs = read_table(real_data.joinpath(*KIEL_FILE)).select("Stadtteilnummer", "Stadtteil")
    return _city("01002000", "Kiel", {k.strip(): n.strip() for k, n in pairs.unique().rows()})


def _koeln(real_data: Path) -> Alliance:
    raw = read_table(real_data.joinpath(*KOELN_FILE), separator=",")
    stadtteile = raw.filter(pl.col("raum_id").str.len_chars() == 3).select("raum_id", "raum")
    pairs = {k: n for k, n in stadtteile.unique("raum_id").rows() if int(k) >= 100}
    return _city("05315000", "Köln", pairs)


@pytest.mark.parametrize(
    ("folder_file", "kind", "city"),
    [(KIEL_FILE, ImportKind.KIEL_POPULATION, "Kiel (01002000)"),
     (KOELN_FILE, ImportKind.KOELN, "Köln (05315000)")],
)  # fmt: skip
def test_a_real_city_file_is_refused_by_musterstadt_and_writes_nothing(
    real_data, demo_alliance, folder_file, kind, city
):
    path = real_data.joinpath(*folder_file)
    before, rows = _counts(), _rows()
    preview = services.preview_import(demo_alliance, path, kind)
    assert [p.code for p in preview.problems] == [Code.OTHER_MUNICIPALITY]
    assert preview.created == preview.updated == 0
    with translation.override("de"):
        text = preview.problems[0].text
    assert text.startswith(f"Die Datei beschreibt {city}, dieses Bündnis aber Musterstadt")
    with pytest.raises(ValidationError):
        services.commit_import(demo_alliance, path, kind)
    assert _counts() == before and _rows() == rows


def test_kiel_imports_into_an_alliance_of_kiel_with_names_in_the_preview(real_data):
    alliance = _kiel(real_data)
    path = real_data.joinpath(*KIEL_FILE)
    preview = services.preview_import(alliance, path, ImportKind.KIEL_POPULATION)
    assert preview.ok and preview.created == 300
    # The preview names the areas and counts per indicator and year: 30 Stadtteile a year.
    assert {(c.year, c.created) for c in preview.counts} == {(y, 30) for y in range(2014, 2024)}
    names = dict(alliance.area.children.values_list("key", "name"))
    assert len(preview.new_rows) == services.SHOWN_ROWS
    assert all(names[row.area_key] == row.area_name for row in preview.new_rows)
    batch = services.commit_import(alliance, path, ImportKind.KIEL_POPULATION)
    assert batch.created == 300
    gaarden = Observation.objects.get(area__parent=alliance.area, area__key="12", year=2023)
    assert gaarden.value == 19_229


def test_a_kiel_district_of_another_name_is_refused(real_data):
    """Key and name must agree: Stadtteil 12 of this alliance is not called Gaarden-Ost."""
    alliance = _kiel(real_data)
    Area.objects.filter(parent=alliance.area, key="12").update(name="Irgendwo")
    preview = services.preview_import(
        alliance, real_data.joinpath(*KIEL_FILE), ImportKind.KIEL_POPULATION
    )
    assert [(p.code, p.params["found"]) for p in preview.problems] == [
        (Code.AREA_NAME_MISMATCH, "12")
    ]


def test_koeln_imports_into_an_alliance_of_koeln(real_data):
    alliance = _koeln(real_data)
    assert alliance.area.children.count() == 86
    path = real_data.joinpath(*KOELN_FILE)
    batch = services.commit_import(alliance, path, ImportKind.KOELN)
    population = Observation.objects.filter(indicator__key="population", area__parent=alliance.area)
    assert population.count() == 86 * 8 and batch.created == 2 * 86 * 8
    assert population.get(area__key="101", year=2012).value == 27_515


def _observations_file(alliance: Alliance, real_data: Path) -> pl.DataFrame:
    """An observations.csv of Kiel (keys as files write them, names with umlauts)."""
    frame = services.preview_import(
        alliance, real_data.joinpath(*KIEL_FILE), ImportKind.KIEL_POPULATION
    ).frame
    names = dict(alliance.area.children.values_list("pk", "name"))
    shares = frame.with_columns(
        pl.lit("share_65_plus").alias("indicator"), (pl.col("value") / 1000).round(3).alias("value")
    )
    return (
        pl.concat([frame, shares])
        .with_columns(
            # Kiel writes "Bluecherplatz"; an office file may write "Blücherplatz": the same.
            pl.col("area_id").replace_strict(names).str.replace_all("ue", "ü").alias("area_name")
        )
        .select("indicator", "area", "area_name", "year", "value", "source")
    )


def test_a_german_office_copy_imports_to_the_same_values(real_data, tmp_path):
    alliance = _kiel(real_data)
    frame = _observations_file(alliance, real_data)
    assert frame["area_name"].str.contains("ü").any()  # e.g. Blücherplatz
    original = tmp_path / "beobachtungen.csv"
    original.write_text(frame.write_csv(), encoding="utf-8")
    german = frame.rename(
        {"indicator": "Indikator", "area": "Gebiet", "area_name": "Gebietsname", "year": "Jahr",
         "value": "Wert", "source": "Quelle"}
    ).with_columns(pl.col("Wert").map_elements(
        lambda v: f"{v:.6f}".rstrip("0").rstrip(".").replace(".", ","), return_dtype=pl.String
    ))  # fmt: skip
    office = tmp_path / "beobachtungen-excel.csv"
    office.write_bytes(german.write_csv(separator=";").encode("cp1252"))
    bom = tmp_path / "beobachtungen-bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + german.write_csv(separator=";").encode())
    workbook = tmp_path / "beobachtungen.xlsx"
    buffer = io.BytesIO()
    frame.rename({"value": "Wert"}).write_excel(buffer)
    workbook.write_bytes(buffer.getvalue())

    def imported(path: Path) -> list[tuple]:
        batch = services.commit_import(alliance, path, ImportKind.OBSERVATIONS)
        assert batch is not None and batch.created == frame.height
        values = sorted(
            Observation.objects.filter(batch=batch).values_list(
                "indicator__key", "area_id", "year", "value"
            )
        )
        services.undo_import(batch, None)
        return values

    expected = imported(original)
    assert imported(office) == expected
    assert imported(bom) == expected
    assert imported(workbook) == expected


def test_an_undone_import_leaves_the_observations_as_before(demo_alliance, tmp_path, fachamt):
    city = demo_alliance.area.key
    first, second = demo_alliance.area.children.order_by("key")[:2]
    old = Observation.objects.get(area=first, year=2024, indicator__key="population")
    text = (
        "indicator,area,area_name,year,value\n"
        f"population,{city}-{first.key},{first.name},2024,{old.value + 100:.0f}\n"
        f"population,{city}-{second.key},{second.name},2031,4321\n"
        f"population,{city},Musterstadt,2031,99999\n"
    )
    path = tmp_path / "neu.csv"
    path.write_text(text, encoding="utf-8")
    before = _rows()
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS)
    assert (preview.created, preview.updated) == (2, 1)
    change = preview.changed_rows[0]
    assert (change.area_name, change.old, change.new) == (first.name, old.value, old.value + 100)
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert _rows() != before
    assert services.undo_check(batch) is None

    services.undo_import(batch, fachamt)

    assert _rows() == before
    batch.refresh_from_db()
    assert batch.undone_by == fachamt and batch.undone_at is not None
    history = list(old.revisions.order_by("pk").values_list("old_value", "new_value", "batch_id"))
    assert history == [
        (old.value, old.value + 100, batch.pk),
        (old.value + 100, old.value, batch.pk),
    ]
    with pytest.raises(ValidationError):
        services.undo_import(batch, fachamt)  # once only


def test_an_import_changed_later_cannot_be_undone(demo_alliance, tmp_path, fachamt):
    city, first = demo_alliance.area.key, demo_alliance.area.children.order_by("key")[0]
    path = tmp_path / "a.csv"
    path.write_text(f"indicator,area,year,value\npopulation,{city}-{first.key},2032,10\n")
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    row = Observation.objects.get(batch=batch)
    services.correct_observation(row, 11, "Nachmeldung", fachamt)
    assert "von Hand korrigiert" in services.undo_check(batch)
    later = tmp_path / "b.csv"
    later.write_text(f"indicator,area,year,value\npopulation,{city}-{first.key},2032,12\n")
    second = services.commit_import(demo_alliance, later, ImportKind.OBSERVATIONS, fachamt)
    assert "späteren Import" in services.undo_check(batch)
    services.undo_import(second, fachamt)
    assert Observation.objects.get(pk=row.pk).value == 11


def test_a_bare_district_number_is_refused_and_a_name_or_the_city_key_accepted(
    demo_alliance, tmp_path
):
    first = demo_alliance.area.children.order_by("key")[0]
    for area, name, code in [
        (first.key, "", Code.AREA_NUMBER_ONLY),
        (first.key, "Anderswo", Code.AREA_NAME_MISMATCH),
        (first.key, first.name, None),
        (f"{demo_alliance.area.key}-{first.key}", "", None),
        (f"{demo_alliance.area.key}/{first.key}", first.name, None),
    ]:
        path = tmp_path / "o.csv"
        path.write_text(f"indicator,area,area_name,year,value\npopulation,{area},{name},2033,5\n")
        preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS)
        assert [p.code for p in preview.problems] == ([code] if code else []), (area, name)
        if code:
            assert preview.problems[0].line == 2


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("koordination", True), ("fachamt", True), ("wohnungsamt", False), ("vermieter", False),
     ("sozialtraeger", False), ("politik", False), ("mitglied", False), ("jobcenter", False),
     ("sozialamt", False), ("datenschutz", False), ("oeffentlichkeit", False), (None, False)],
)  # fmt: skip
def test_who_may_undo_an_import_and_the_preview_names_areas(
    request, client, demo_alliance, tmp_path, persona, allowed
):
    """Undoing is importing: Koordination and Fachamt (docs/roles-and-permissions.md)."""
    from django.urls import reverse

    city, first = demo_alliance.area.key, demo_alliance.area.children.order_by("key")[0]
    path = tmp_path / "u.csv"
    path.write_text(f"indicator,area,year,value\npopulation,{city}-{first.key},2034,7\n")
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS)
    user = request.getfixturevalue(persona) if persona else None
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    url = reverse("monitoring:import_undo", args=[demo_alliance.slug, batch.pk])
    assert client.get(url).status_code in (302, 403, 405)  # never by a link
    response = client.post(url)
    batch.refresh_from_db()
    assert (batch.undone_at is not None) == allowed
    if allowed:
        assert response.status_code == 302
        assert not Observation.objects.filter(year=2034).exists()
        page = client.get(reverse("monitoring:import", args=[demo_alliance.slug]))
        assert "rückgängig gemacht am" in page.content.decode()
    else:
        assert response.status_code in (302, 403)


def test_the_preview_page_shows_names_and_old_to_new(client, fachamt, demo_alliance, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    first = demo_alliance.area.children.order_by("key")[0]
    old = Observation.objects.get(area=first, year=2024, indicator__key="population")
    text = f"Indikator;Gebiet;Gebietsname;Jahr;Wert\npopulation;{first.key};{first.name};2024;"
    text += f"{old.value + 1:.0f},0\n".replace(".", ",")
    client.force_login(fachamt)
    upload = SimpleUploadedFile("excel.csv", text.encode("cp1252"))
    response = client.post(
        reverse("monitoring:import", args=[demo_alliance.slug]),
        {"kind": "observations", "file": upload},
        follow=True,
    )
    html = response.content.decode().replace("\xa0", " ")
    assert "Geänderte Werte (bisher → neu)" in html
    assert f'<th scope="row">{first.name}</th><td>{first.key}</td>' in html
    assert "Werte nach Indikator und Jahr" in html


def test_the_template_imports_once_filled(client, fachamt, demo_alliance, tmp_path):
    from django.urls import reverse

    client.force_login(fachamt)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("monitoring:import_template", args=[demo_alliance.slug, fmt]))
        assert response.status_code == 200
        path = tmp_path / f"vorlage.{fmt}"
        path.write_bytes(response.content)
        if fmt == "csv":
            text = response.content.decode("utf-8-sig")
            assert text.startswith("Indikator;Gebiet;Gebietsname;Jahr;Wert;Quelle")
            assert f"99100001-01;{demo_alliance.area.children.get(key='01').name}" in text
            filled = text.replace(";;\n", ";7;Test\n")
            path.write_bytes(filled.encode("cp1252"))
            preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS)
            assert preview.ok, preview.problems[:3]
            assert preview.changes == demo_alliance.area.descendant_ids().__len__() + 1
        else:
            preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS)
            assert [p.code for p in preview.problems][:1] == [Code.NUMBER_EMPTY]  # to be filled
    assert client.get(reverse("monitoring:import_template", args=["x", "csv"])).status_code == 404
