"""Documents per agenda item: upload rules, listing, and who may download them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import AgendaDocument
from wohnbuendnis.meetings.tests.factories import draft, make_setting

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def setting():
    return make_setting()


def _items(setting):
    items = setting.meeting.agenda_items.order_by("position")
    return items[0], items[1]  # "Bericht" is public, "Personalien" is not


def _upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "Erlaubt sind nur"),
        ("bericht.pdf", b"<html>", "passt nicht"),
        ("leer.pdf", b"", "leer"),
    ],
)
def test_only_allowed_types_are_accepted(setting, name, content, message):
    public, _ = _items(setting)
    with pytest.raises(ValidationError, match=message):
        services.add_document(public, setting.coordinator.user, _upload(name, content))
    assert not AgendaDocument.objects.exists()


def test_files_over_20_mb_are_refused(setting, monkeypatch):
    public, _ = _items(setting)
    upload = _upload("gross.pdf")
    monkeypatch.setattr(upload, "size", 20 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError, match="20 MB"):
        services.add_document(public, setting.coordinator.user, upload)


def test_the_chair_uploads_and_members_download_on_the_meeting_page(setting, client):
    public, _ = _items(setting)
    client.force_login(setting.chair.user)
    url = reverse("meetings:upload_document", args=[setting.meeting.pk, public.pk])
    response = client.post(url, {"file": _upload("Bericht 2026.pdf")})
    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    assert document.name == "Bericht 2026.pdf" and document.content_type == "application/pdf"
    assert not document.file.name.endswith("Bericht 2026.pdf")  # stored under a random name

    client.force_login(setting.member.user)
    page = client.get(reverse("meetings:meeting", args=[setting.meeting.pk]))
    assert "Bericht 2026.pdf" in page.content.decode()
    assert "Hochladen" not in page.content.decode()  # members do not upload
    download = client.get(reverse("meetings:document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    # Reading the stream to its end closes the response the way a WSGI server does; an explicit
    # close() would fire request_finished again and close the test's database connection.

    # A plain member may not upload.
    response = client.post(url, {"file": _upload("x.pdf")})
    assert response.status_code == 403


def test_outsiders_and_the_public_get_only_published_public_items(setting, client):
    public, internal = _items(setting)
    user = setting.coordinator.user
    public_doc = services.add_document(public, user, _upload("oeffentlich.pdf"))
    internal_doc = services.add_document(
        internal, user, _upload("intern.png", b"\x89PNG\r\n\x1a\n....")
    )
    public_url = reverse("meetings:document", args=[public_doc.pk])
    internal_url = reverse("meetings:document", args=[internal_doc.pk])

    client.force_login(setting.outsider.user)  # in the alliance, not in the body
    assert client.get(public_url).status_code == 403  # minutes not yet published
    assert client.get(internal_url).status_code == 403
    client.logout()
    assert client.get(public_url).status_code == 302  # to the login page

    minutes = services.circulate_minutes(draft(setting), None, datetime.date(2999, 1, 1))
    services.approve_minutes(minutes, user, notify=False)
    services.publish_minutes(minutes, user)

    response = client.get(public_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # consuming the stream closes the file
    assert client.get(internal_url).status_code == 302  # never for the public
    client.force_login(setting.outsider.user)
    assert client.get(internal_url).status_code == 403
    summary = client.get(reverse("meetings:public_summary", args=[minutes.pk])).content.decode()
    assert "oeffentlich.pdf" in summary and "intern.png" not in summary
