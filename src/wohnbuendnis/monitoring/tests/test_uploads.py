"""Stored import uploads: a size limit per import kind checked before anything is stored,
deletion after the commit and after the retention period."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind, Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

CSV = b"indicator,area,year,value\ncompletions,99100001-07,2025,321\n"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / services.UPLOAD_DIR


def _upload(client, alliance, content: bytes, kind: str = "observations"):
    return client.post(
        reverse("monitoring:import", args=[alliance.slug]),
        {"kind": kind, "file": SimpleUploadedFile("neu.csv", content)},
    )


def test_every_import_kind_has_an_upload_limit():
    assert set(ImportKind.values) <= set(django_settings.UPLOAD_LIMITS_MB)


def test_an_upload_above_its_kinds_limit_is_refused_and_not_stored(
    client, fachamt, demo_alliance, settings, media
):
    settings.UPLOAD_LIMITS_MB = {**settings.UPLOAD_LIMITS_MB, "genesis": 1}
    client.force_login(fachamt)
    big = CSV + b"completions,99100001-07,2026,1\n" * (1024 * 1024 // 27)

    response = _upload(client, demo_alliance, big, kind="genesis")

    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")
    assert "Die Datei ist 1,1 MB groß; erlaubt sind höchstens 1 MB." in html
    assert not media.exists() or not any(media.iterdir())
    # The same file is within the limit of another kind.
    assert _upload(client, demo_alliance, big).status_code == 302


def test_the_upload_is_stored_chunked_and_deleted_after_the_commit(
    client, fachamt, demo_alliance, media, django_capture_on_commit_callbacks, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # through a temporary file
    client.force_login(fachamt)
    response = _upload(client, demo_alliance, CSV)
    assert response.status_code == 302
    (folder,) = media.iterdir()
    assert [p.read_bytes() for p in folder.iterdir()] == [CSV]

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response.url, follow=True)

    assert "Importiert: 1 neue und 0 geänderte Werte." in done.content.decode()
    assert Observation.objects.filter(year=2025, area__key="07").exists()
    assert not folder.exists()
    assert client.get(response.url).status_code == 404


def test_a_refused_commit_keeps_the_upload_for_a_retry(client, fachamt, demo_alliance, media):
    client.force_login(fachamt)
    wrong = b"indicator,area,year,value\ncompletions,99100001-07,2025,-3\n"
    response = _upload(client, demo_alliance, wrong)
    client.post(response.url)
    assert len(list(media.iterdir())) == 1


def test_expired_uploads_are_deleted(client, fachamt, demo_alliance, media, settings):
    client.force_login(fachamt)
    _upload(client, demo_alliance, CSV)
    _upload(client, demo_alliance, CSV.replace(b"321", b"322"))
    old, new = sorted(media.iterdir())
    past = time.time() - (settings.UPLOAD_RETENTION_HOURS + 1) * 3600
    os.utime(old, (past, past))

    assert services.delete_expired_uploads() == 1
    assert sorted(media.iterdir()) == [new]
    out = io.StringIO()
    call_command("delete_expired_uploads", "--hours", "0", stdout=out)
    assert "1 abgelaufene Upload(s) gelöscht." in out.getvalue()
    assert list(media.iterdir()) == []
