"""Documents per agenda item: upload rules, listing, who may download and who may delete them."""

from __future__ import annotations

import datetime
import uuid
from functools import partial
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from wohnbuendnis.lib.race_testing import at_once
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import AgendaDocument, MeetingStatusChange
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
    response = client.post(
        url, {"file": _upload("Bericht 2026.pdf"), "submission_token": str(uuid.uuid4())}
    )
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


def _publish(setting):
    user = setting.coordinator.user
    minutes = services.circulate_minutes(draft(setting), None, datetime.date(2999, 1, 1))
    services.approve_minutes(minutes, user, notify=False)
    return services.publish_minutes(minutes, user)


# --- deletion: the service ---------------------------------------------------------------------


def test_deleting_removes_the_row_at_once_and_the_file_after_the_commit(
    setting, django_capture_on_commit_callbacks
):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("alt.pdf"))
    stored = Path(document.file.path)
    assert stored.read_bytes() == PDF
    with django_capture_on_commit_callbacks() as callbacks:
        services.delete_document(document, setting.chair.user)
    assert not AgendaDocument.objects.exists()
    assert stored.exists()  # nothing committed yet: the file waits for the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert not stored.exists()
    note = setting.meeting.history.get(note__contains="alt.pdf")
    assert note.by == setting.chair.user
    assert note.note == "Dokument „alt.pdf“ (TOP 1) gelöscht"
    assert note.from_status == note.to_status == setting.meeting.status  # a note, no change


def test_a_rolled_back_deletion_keeps_row_and_file(setting, django_capture_on_commit_callbacks):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("bleibt.pdf"))
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.delete_document(document, setting.chair.user)
        raise RuntimeError("later step failed")
    assert callbacks == []
    assert AgendaDocument.objects.filter(pk=document.pk).exists()
    assert Path(document.file.path).exists()
    assert not setting.meeting.history.filter(note__contains="bleibt.pdf").exists()


def test_documents_of_public_items_stay_once_the_minutes_are_published(setting):
    public, internal = _items(setting)
    user = setting.coordinator.user
    public_doc = services.add_document(public, user, _upload("oeffentlich.pdf"))
    internal_doc = services.add_document(internal, user, _upload("intern.pdf"))
    _publish(setting)
    with pytest.raises(ValidationError) as refused:
        services.delete_document(public_doc, user)
    assert refused.value.messages == [
        "Das Dokument gehört zu veröffentlichten Protokollen und kann nicht mehr gelöscht werden."
    ]
    assert AgendaDocument.objects.filter(pk=public_doc.pk).exists()
    assert Path(public_doc.file.path).exists()
    services.delete_document(internal_doc, user)  # the public never saw it
    assert list(AgendaDocument.objects.all()) == [public_doc]


def test_the_check_reads_the_current_state_not_the_callers_copy(setting):
    """Two people on the same page: the second deletion and a deletion after a publication that
    happened meanwhile are refused, and the history notes the deletion once."""
    public, _ = _items(setting)
    user = setting.coordinator.user
    document = services.add_document(public, user, _upload("doppelt.pdf"))
    copy_a, copy_b = (AgendaDocument.objects.get(pk=document.pk) for _ in range(2))
    services.delete_document(copy_a, setting.chair.user)
    with pytest.raises(ValidationError, match="bereits gelöscht"):
        services.delete_document(copy_b, user)
    assert setting.meeting.history.filter(note__contains="doppelt.pdf").count() == 1

    later = services.add_document(public, user, _upload("spaet.pdf"))
    _publish(setting)  # after the page with the delete button was loaded
    with pytest.raises(ValidationError, match="veröffentlichten Protokollen"):
        services.delete_document(later, user)


def test_a_deletion_note_does_not_revise_the_calendar_event(setting):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("a.pdf"))
    before = services.meeting_event(setting.meeting).sequence
    services.delete_document(document, setting.coordinator.user)
    assert services.meeting_event(setting.meeting).sequence == before


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deletions_end_in_one():
    """Real concurrency needs row locks: PostgreSQL only (SQLite serialises writers anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")

    setting = make_setting()
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("zwei.pdf"))
    outcomes = at_once(
        *(
            partial(services.delete_document, AgendaDocument.objects.get(pk=document.pk), user)
            for user in (setting.chair.user, setting.coordinator.user)
        )
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert not AgendaDocument.objects.exists()
    assert MeetingStatusChange.objects.filter(note__contains="zwei.pdf").count() == 1
    assert not Path(document.file.path).exists()  # removed after the commit


# --- deletion: the view ------------------------------------------------------------------------


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_chair_deletes_a_document_from_the_meeting_page(
    setting, client, django_capture_on_commit_callbacks
):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("Entwurf.pdf"))
    page_url = reverse("meetings:meeting", args=[setting.meeting.pk])
    url = reverse("meetings:delete_document", args=[document.pk])
    client.force_login(setting.chair.user)
    page = client.get(page_url).text
    assert f'action="{url}"' in page
    assert 'aria-label="Unterlage „Entwurf.pdf“ löschen"' in page
    assert client.get(url).status_code == 405  # POST only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response.url == page_url
    assert _messages(response) == ["Die Unterlage „Entwurf.pdf“ ist gelöscht."]
    assert not AgendaDocument.objects.exists()
    assert not Path(document.file.path).exists()
    assert client.post(url).status_code == 404  # gone now, like any unknown document
    # the deletion stays in the meeting's history, shown to those who manage the meeting
    page = client.get(page_url).text
    assert "Verlauf der Sitzung" in page and "Entwurf.pdf" in page and "gelöscht" in page
    client.force_login(setting.member.user)
    assert "Verlauf der Sitzung" not in client.get(page_url).text


def test_members_outsiders_and_the_public_may_not_delete(setting, client):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("x.pdf"))
    url = reverse("meetings:delete_document", args=[document.pk])
    page_url = reverse("meetings:meeting", args=[setting.meeting.pk])
    client.force_login(setting.member.user)
    assert url not in client.get(page_url).text  # no button
    assert client.post(url).status_code == 403
    client.force_login(setting.outsider.user)
    assert client.post(url).status_code == 403
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AgendaDocument.objects.filter(pk=document.pk).exists()


def test_deleting_needs_the_csrf_token(setting):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("x.pdf"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(setting.coordinator.user)
    assert client.post(reverse("meetings:delete_document", args=[document.pk])).status_code == 403
    assert AgendaDocument.objects.filter(pk=document.pk).exists()


def test_a_published_public_document_shows_no_button_and_is_refused(setting, client):
    public, _ = _items(setting)
    document = services.add_document(public, setting.coordinator.user, _upload("x.pdf"))
    _publish(setting)
    url = reverse("meetings:delete_document", args=[document.pk])
    client.force_login(setting.coordinator.user)
    assert url not in client.get(reverse("meetings:meeting", args=[setting.meeting.pk])).text
    response = client.post(url)
    assert response.status_code == 302
    assert _messages(response) == [
        "Das Dokument gehört zu veröffentlichten Protokollen und kann nicht mehr gelöscht werden."
    ]
    assert AgendaDocument.objects.filter(pk=document.pk).exists()
