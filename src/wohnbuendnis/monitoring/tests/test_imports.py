"""Imports: every problem with line and column, nothing written on error, idempotent re-import,
corrections with history, GENESIS tables, GeoJSON boundaries, the management command."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from wohnbuendnis.areas.models import Area
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import (
    ImportBatch,
    ImportKind,
    Observation,
    ObservationRevision,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

HEADER = "indicator,area,year,value,source\n"


def _file(tmp_path: Path, text: str | bytes, name: str = "observations.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def _counts():
    return (
        Observation.objects.count(),
        ObservationRevision.objects.count(),
        ImportBatch.objects.count(),
    )


@pytest.mark.parametrize(
    ("body", "line", "column", "expected"),
    [
        ("population,99100001-01,2025,100,x\npopulation,99x,2025,5,x\n", 3, "area", "unknown area"),
        (
            "population,99100001-01,2025,100,x\npopulation,99100001-01,2025,101,x\n",
            3,
            "year",
            "duplicate key",
        ),
        ("population,99100001-01,2025,viele,x\n", 2, "value", "a number"),
        ("population,99100001-01,2025,-5,x\n", 2, "value", "a count ≥ 0"),
        ("sgb2_rate,99100001-01,2025,140,x\n", 2, "value", "a percentage"),
        ("bogus,99100001-01,2025,1,x\n", 2, "indicator", "unknown indicator"),
        ("population,99100001-01,zwanzig,1,x\n", 2, "year", "a whole number"),
    ],
)
def test_each_error_names_row_and_column_and_nothing_is_written(
    tmp_path, demo_alliance, fachamt, body, line, column, expected
):
    path = _file(tmp_path, HEADER + body)
    before = _counts()
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert not preview.ok
    problem = preview.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert expected in problem.expected
    with pytest.raises(ValidationError):
        services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert _counts() == before


def test_windows_1252_is_read_and_a_missing_column_is_a_file_level_problem(tmp_path, demo_alliance):
    text = HEADER + "population,99100001-01,2025,1,Stadt Münster\n"
    latin1 = _file(tmp_path, text.encode("cp1252"))
    preview = services.preview_import(demo_alliance, latin1, ImportKind.OBSERVATIONS)
    assert preview.ok and preview.frame["source"].to_list() == ["Stadt Münster"]
    missing = _file(tmp_path, "indicator,area,year\npopulation,99100001-01,2025\n", "missing.csv")
    problems = services.preview_import(demo_alliance, missing, ImportKind.OBSERVATIONS).problems
    assert [(p.line, p.column) for p in problems] == [(1, "value")]


def test_the_preview_lists_every_problem_not_only_the_first(tmp_path, demo_alliance):
    body = (
        "population,99100001-01,2025,100,x\n"
        "population,99x,2025,5,x\n"  # line 3: unknown area
        "population,99100001-02,2025,zwei,x\n"  # line 4: text
        "population,99100001-03,2025,300,x\n"
        "households,99100001-03,2025,-1,x\n"  # line 6: negative count
    )
    preview = services.preview_import(
        demo_alliance, _file(tmp_path, HEADER + body), ImportKind.OBSERVATIONS
    )
    assert [(p.line, p.column) for p in preview.problems] == [
        (3, "area"),
        (4, "value"),
        (6, "value"),
    ]


def test_import_is_all_or_nothing_and_idempotent(tmp_path, demo_alliance, fachamt):
    body = (
        "population,99100001-01,2025,12345,Melderegister\n"
        "population,99100001-02,2025,23456,Melderegister\n"
    )
    path = _file(tmp_path, HEADER + body)
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert (preview.created, preview.updated, preview.unchanged) == (2, 0, 0)
    assert not Observation.objects.filter(year=2025).exists()  # the preview wrote nothing
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert (batch.created, batch.updated, batch.imported_by) == (2, 0, fachamt)
    row = Observation.objects.get(year=2025, area__key="01", indicator__key="population")
    assert (row.value, row.source, row.batch, row.recorded_by) == (
        12345,
        "Melderegister",
        batch,
        fachamt,
    )
    before = _counts()
    assert services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt) is None
    assert _counts() == before


def test_a_changed_value_is_a_correction_with_history(tmp_path, demo_alliance, fachamt):
    old = Observation.objects.get(year=2024, area__key="01", indicator__key="population")
    path = _file(tmp_path, HEADER + f"population,99100001-01,2024,{old.value + 10:.0f},Korrektur\n")
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert (batch.created, batch.updated) == (0, 1)
    revision = ObservationRevision.objects.get(observation=old)
    assert (revision.old_value, revision.new_value) == (old.value, old.value + 10)
    assert revision.batch == batch and revision.changed_by == fachamt


def test_one_file_with_new_changed_and_equal_values(tmp_path, demo_alliance, fachamt):
    """The set-based commit: new rows (the file name as source when the row has none), changed
    values with a revision each, equal values untouched; then nothing more to do."""
    old = {
        key: Observation.objects.get(year=2024, area__key=key, indicator__key="households")
        for key in ("01", "02", "03")
    }
    body = (
        f"households,99100001-01,2024,{old['01'].value + 1},Zensus\n"
        f"households,99100001-02,2024,{old['02'].value + 2},\n"
        f"households,99100001-03,2024,{old['03'].value!r},\n"
        "households,99100001-01,2026,1000,\n"
        "households,99100001-02,2026,2000,Melderegister\n"
    )
    path = _file(tmp_path, HEADER + body, name="haushalte.csv")
    revisions = ObservationRevision.objects.count()
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (5, 2, 2, 1)
    new = Observation.objects.filter(year=2026, indicator__key="households").order_by("area__key")
    assert [(o.value, o.source, o.batch, o.recorded_by) for o in new] == [
        (1000, "haushalte.csv", batch, fachamt),
        (2000, "Melderegister", batch, fachamt),
    ]
    assert all(o.recorded_at is not None for o in new)
    assert ObservationRevision.objects.count() == revisions + 2
    for key, step in (("01", 1), ("02", 2)):
        revision = ObservationRevision.objects.get(observation=old[key], batch=batch)
        assert (revision.old_value, revision.new_value) == (old[key].value, old[key].value + step)
        assert revision.reason == "Import haushalte.csv" and revision.changed_by == fachamt
        old[key].refresh_from_db()
        assert (old[key].batch, old[key].value) == (batch, revision.new_value)
    old["03"].refresh_from_db()
    assert old["03"].batch != batch
    assert services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt) is None


def test_revision_reasons_are_german_when_written_from_an_english_page(
    tmp_path, demo_alliance, fachamt
):
    """The reasons are read later by everyone (the history of a value, reports): they are
    written in the site's language, not in the language of the page that imported."""
    old = Observation.objects.get(year=2024, area__key="01", indicator__key="households")
    area = old.area
    body = f"households,99100001-01,2024,{old.value + 1},\n"
    path = _file(tmp_path, HEADER + body, name="haushalte.csv")
    with translation.override("en"):
        batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
        services.undo_import(batch, fachamt)
        services.record_observations(
            demo_alliance, area, {("households", 2024): old.value + 5}, "Bauvorhaben", fachamt
        )
    reasons = old.revisions.order_by("pk").values_list("reason", flat=True)
    assert list(reasons)[-3:] == [
        "Import haushalte.csv",
        "Import haushalte.csv rückgängig gemacht",
        "Übernahme aus: Bauvorhaben",
    ]


def test_correct_observation_keeps_who_when_why(demo_alliance, koordination):
    row = Observation.objects.get(year=2020, area__key="05", indicator__key="vacancy_rate")
    services.correct_observation(row, 2.5, "Zählerablesung korrigiert", koordination)
    services.correct_observation(row, 2.6, "Nachmeldung", koordination)
    row.refresh_from_db()
    assert row.value == 2.6
    history = list(row.revisions.order_by("pk").values_list("old_value", "new_value", "reason"))
    assert history[1] == (2.5, 2.6, "Nachmeldung")
    assert history[0][1:] == (2.5, "Zählerablesung korrigiert")
    with pytest.raises(ValidationError):
        services.correct_observation(row, 140, "zu hoch", koordination)  # a percentage
    with pytest.raises(ValidationError):
        services.correct_observation(row, 3.0, "  ", koordination)  # no reason


def test_genesis_table_latin1_semicolons_german_numbers(tmp_path, demo_alliance, fachamt):
    text = (
        "Wohnungsbestand;;;\n"
        "Stichtag;Schlüssel;Gebiet;Wohnungen\n"
        "31.12.2025;01;Mitte;1.234\n"
        "31.12.2025;02;Altstadt;2.345\n"
        "__________\n"
    ).encode("cp1252")
    path = _file(tmp_path, text, "regional.csv")
    options = {"indicator": "dwellings"}
    batch = services.commit_import(demo_alliance, path, ImportKind.GENESIS, fachamt, options)
    assert batch.created == 2
    assert (
        Observation.objects.get(year=2025, area__key="02", indicator__key="dwellings").value == 2345
    )
    unknown = _file(tmp_path, text.replace(b";02;", b";77;"), "unknown.csv")
    problems = services.preview_import(
        demo_alliance, unknown, ImportKind.GENESIS, None, options
    ).problems
    assert [p.column for p in problems] == ["area"] and "77" in problems[0].expected


def test_boundaries_create_and_update_areas_idempotently(tmp_path, demo_alliance, fachamt):
    ring = [[9.4, 51.25], [9.41, 51.25], [9.41, 51.26], [9.4, 51.25]]
    text = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"nr":"21","name":"Neubaugebiet"},"geometry":{"type":"Polygon","coordinates":[%s]}}]}'
    )
    path = _file(tmp_path, text % ring, "grenzen.geojson")
    options = {"key_property": "nr", "name_property": "name"}
    services.commit_import(demo_alliance, path, ImportKind.BOUNDARIES, fachamt, options)
    area = Area.objects.get(parent=demo_alliance.area, key="21")
    assert area.name == "Neubaugebiet" and area.geometry["type"] == "Polygon"
    assert (
        services.commit_import(demo_alliance, path, ImportKind.BOUNDARIES, fachamt, options) is None
    )


def test_management_command_imports_and_reports_problems(tmp_path, demo_alliance, capsys):
    path = _file(tmp_path, HEADER + "permits,99100001-03,2025,77,Bauaufsicht\n")
    call_command("import_observations", str(path), "--alliance", demo_alliance.slug)
    assert Observation.objects.get(year=2025, indicator__key="permits", area__key="03").value == 77
    assert "1 neu" in capsys.readouterr().out
    bad = _file(tmp_path, HEADER + "permits,99100001-03,2026,-1,x\n", "bad.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_observations", str(bad), "--alliance", demo_alliance.slug)
    assert error.value.returncode == 2
    assert "bad.csv, Zeile 2, Spalte value" in str(error.value)


def test_a_file_with_nothing_for_the_alliance_imports_nothing_and_does_not_crash(
    tmp_path, demo_alliance
):
    """Found by the fuzz run: a Zensus file with a broken header passed the preview with no
    rows and crashed the commit (polars: the empty frame's indicator column had type Null)."""
    key = demo_alliance.area.key
    path = _file(
        tmp_path,
        'statist"ics_code;time;1_variable_code;1_variable_attribute_code;value\n'
        f"1000A;2022-05-15;GEOGM4;{key[:5]}0000{key[5:]};1.024.621\n"
        "1000A;2022-05-15;GEOLA1;05;17.890.100\n",
        "zensus.csv",
    )
    before = _counts()
    preview = services.preview_import(demo_alliance, path, ImportKind.ZENSUS)
    if preview.ok:
        assert services.commit_import(demo_alliance, path, ImportKind.ZENSUS) is None
    else:
        with pytest.raises(ValidationError):
            services.commit_import(demo_alliance, path, ImportKind.ZENSUS)
    assert _counts() == before
