"""The workbook's pages (issue 12.6): every member downloads it, only the Koordination uploads
and takes it over; the preview lists the changes; "Übernehmen" applies once, however often it
is clicked; a file above the limit is refused before it is read."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wohnbuendnis.analytics.io.concept_workbook import parse_concept_workbook
from wohnbuendnis.analytics.io.concept_workbook_writer import write_concept_workbook
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import Measure, MeasureStatusChange
from wohnbuendnis.concept.tests.test_permission_matrix import (
    ALL,
    KO,
    MEMBERS,
    PUB,
    _expected,
    _login,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _upload(client, slug: str, data: bytes):
    url = reverse("concept:workbook_upload", args=[slug])
    return client.post(url, {"file": SimpleUploadedFile("konzept.xlsx", data)})


def _changed(alliance) -> bytes:
    """The demo concept's workbook with one measure renamed."""
    from dataclasses import replace

    book = queries.concept_workbook(alliance)
    first = book.measures[0]
    book.measures[0] = replace(first, title=first.title + " (fortgeschrieben)")
    buffer = io.BytesIO()
    write_concept_workbook(book, buffer, ["Hinweise"])
    return buffer.getvalue()


def test_download_for_members_upload_for_the_koordination_only(client, demo_alliance):
    slug = demo_alliance.slug
    download = reverse("concept:workbook_download", args=[slug])
    upload = reverse("concept:workbook_upload", args=[slug])
    preview = reverse("concept:workbook_preview", args=[slug, "0" * 64])
    for name in ALL:
        _login(client, name)
        assert client.get(download).status_code == _expected(name, MEMBERS), name
        assert client.get(upload).status_code == _expected(name, {KO}), name
        # an unknown upload: the Koordination is sent back to the upload form
        assert client.get(preview).status_code == (302 if name in {KO, PUB} else 403), name
    _login(client, KO)
    data = client.get(download).content
    book, problems = parse_concept_workbook(data)
    assert (
        problems == []
        and len(book.measures) == Measure.objects.filter(alliance=demo_alliance).count()
    )
    overview = client.get(reverse("concept:overview", args=[slug])).text
    assert "Arbeitsmappe herunterladen" in overview and "Arbeitsmappe hochladen" in overview
    _login(client, "mitglied")
    overview = client.get(reverse("concept:overview", args=[slug])).text
    assert "Arbeitsmappe herunterladen" in overview and "Arbeitsmappe hochladen" not in overview


def test_others_cannot_upload_or_apply(client, demo_alliance):
    slug = demo_alliance.slug
    _login(client, KO)
    sha = _upload(client, slug, _changed(demo_alliance)).url.rstrip("/").rsplit("/", 1)[-1]
    before = MeasureStatusChange.objects.count()
    preview = reverse("concept:workbook_preview", args=[slug, sha])
    for name in [n for n in ALL if n != KO]:
        _login(client, name)
        denied = 302 if name == PUB else 403
        assert _upload(client, slug, b"x").status_code == denied, name
        token = {"submission_token": str(uuid.uuid4())}
        assert client.post(preview, token).status_code == denied, name
    assert MeasureStatusChange.objects.count() == before


def test_the_same_file_again_changes_nothing(client, demo_alliance):
    _login(client, KO)
    slug = demo_alliance.slug
    data = client.get(reverse("concept:workbook_download", args=[slug])).content
    response = _upload(client, slug, data)
    html = client.get(response.url).text
    assert "Die Arbeitsmappe ändert nichts am Handlungskonzept." in html
    assert "Übernehmen" not in html


def test_confirm_applies_once_however_often_it_is_clicked(client, demo_alliance):
    _login(client, KO)
    slug = demo_alliance.slug
    response = _upload(client, slug, _changed(demo_alliance))
    assert response.status_code == 302
    page = client.get(response.url)
    html = page.text
    assert "(fortgeschrieben)" in html and "Übernehmen" in html
    token = page.context["form"]["submission_token"].value()
    before = MeasureStatusChange.objects.count()
    first = client.post(response.url, {"submission_token": str(token)})
    assert first.status_code == 302 and first.url == reverse("concept:overview", args=[slug])
    second = client.post(response.url, {"submission_token": str(token)})
    assert second.status_code == 302 and second.url == first.url  # to the concept, not re-applied
    assert MeasureStatusChange.objects.count() == before + 1
    assert Measure.objects.filter(title__endswith="(fortgeschrieben)").count() == 1


@override_settings(UPLOAD_LIMITS_MB={"concept_workbook": 1, "observations": 50})
def test_a_file_above_the_limit_is_refused(client, demo_alliance):
    _login(client, KO)
    response = _upload(client, demo_alliance.slug, b"0" * (1024 * 1024 + 1))
    assert response.status_code == 200
    assert "erlaubt sind höchstens 1 MB" in response.text


def test_a_broken_file_shows_its_problems(client, demo_alliance):
    _login(client, KO)
    response = _upload(client, demo_alliance.slug, b"keine Arbeitsmappe")
    html = client.get(response.url).text
    assert "eine Excel-Arbeitsmappe (.xlsx) erwartet" in html and "Übernehmen" not in html
