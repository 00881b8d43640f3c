"""The readers' problems (a code with its values) are shown in German on the preview page and
by the command, through the one translation table ``lib.input_errors``."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.analytics.io.errors import Code
from wohnbuendnis.lib.input_errors import describe
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind


def test_count_and_duplicate_key_in_german():
    with translation.override("de"):
        found = {"indicator": "completions", "found": "-3"}
        assert describe(Code.COUNT_NEGATIVE_FOR, found) == (
            "eine Anzahl ≥ 0 erwartet (Indikator completions), gefunden -3"
        )
        key = {"key": "indicator=population, area=01, year=2025", "first": 2}
        assert describe(Code.DUPLICATE_KEY, key) == (
            "doppelter Schlüssel (indicator=population, area=01, year=2025), schon in Zeile 2; "
            "nur eine Zeile je Schlüssel"
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_once")
def test_preview_page_and_service_problem(client, fachamt, demo_alliance, tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(b"indicator,area,year,value\npopulation,99100001-01,2025,viele\n")
    (problem,) = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS).problems
    assert problem.expected == "a number with '.' as decimal point expected, found 'viele'"
    assert problem.text == (
        "eine Zahl mit Punkt als Dezimaltrennzeichen erwartet, gefunden „viele“"
    )
    client.force_login(fachamt)
    upload = SimpleUploadedFile(
        "fehler.csv", b"indicator,area,year,value\ncompletions,99100001-07,2025,-3\n"
    )
    response = client.post(
        reverse("monitoring:import", args=[demo_alliance.slug]),
        {"kind": "observations", "file": upload},
        follow=True,
    )
    html = response.content.decode()
    assert "eine Anzahl ≥ 0 erwartet (Indikator completions), gefunden -3" in html
    assert "expected" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_once")
def test_the_command_reports_in_german_for_a_city_kind(demo_alliance, tmp_path):
    from wohnbuendnis.monitoring.tests.test_fuzz_imports import city_alliance

    path = tmp_path / "konstanz.zip"
    path.write_bytes(b"kein Archiv")
    slug = city_alliance("konstanz").slug
    with pytest.raises(CommandError) as caught:
        call_command("import_observations", str(path), "--alliance", slug, "--kind", "konstanz")
    assert str(caught.value) == f"{path}: ein ZIP-Archiv erwartet"
    with pytest.raises(CommandError) as caught:  # Konstanz's file is no Musterstadt file
        call_command(
            "import_observations", str(path), "--alliance", demo_alliance.slug, "--kind", "konstanz"
        )
    assert "Die Datei beschreibt Konstanz (08335043), dieses Bündnis aber Musterstadt" in str(
        caught.value
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_once")
def test_the_preview_page_in_english_uses_the_english_catalogue(client, fachamt, demo_alliance):
    client.force_login(fachamt)
    upload = SimpleUploadedFile(
        "f.csv", b"indicator,area,year,value\ncompletions,99100001-07,2025,-3\n"
    )
    with translation.override("en"):
        response = client.post(
            reverse("monitoring:import", args=[demo_alliance.slug]),
            {"kind": "observations", "file": upload},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    html = response.content.decode()
    assert "expected a count ≥ 0 (indicator completions), found -3" in html


def test_an_archive_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    import zipfile

    from wohnbuendnis.analytics.io.errors import InputError
    from wohnbuendnis.monitoring.engine import city_tables as engine

    archive = tmp_path / "konstanz.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/" + engine.KONSTANZ_MARKER, "x" * 2048)
    monkeypatch.setattr(engine, "MAX_UNPACKED_BYTES", 1024)
    with pytest.raises(InputError, match="MB unpacked"):
        engine._konstanz(archive, {}, None)
