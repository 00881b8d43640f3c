"""Create forms of the meetings module sent twice create one row each (meeting with agenda,
resolution, task, document, press release), and dates far from today are refused."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.lib.race_testing import post_at_once
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import AgendaDocument, Meeting, PressRelease
from wohnbuendnis.meetings.tests.factories import make_setting


def _token() -> str:
    return str(uuid.uuid4())


def _meeting_form(setting, day: str = "2026-05-06") -> dict:
    return {
        "body": setting.body.pk, "title": "Doppelsitzung", "day": day, "start": "10:00",
        "end": "12:00", "place": "Rathaus", "agenda": "Bericht\nAussprache\n",
        "submission_token": _token(),
    }  # fmt: skip


@pytest.fixture
def setting(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_setting()


def test_every_create_form_sent_twice_creates_one_row(setting, client):
    client.force_login(setting.coordinator.user)
    schedule = reverse("meetings:schedule", args=[setting.alliance.slug])
    form = _meeting_form(setting)
    first, second = client.post(schedule, form), client.post(schedule, form)
    meeting = Meeting.objects.get(title="Doppelsitzung")
    assert first.url == second.url == reverse("meetings:meeting", args=[meeting.pk])
    assert meeting.agenda_items.count() == 2

    add = reverse("meetings:add_resolution", args=[meeting.pk])
    form = {"number": "P-1", "text": "Beschlossen.", "submission_token": _token()}
    client.post(add, form), client.post(add, form)
    resolution = meeting.resolutions.get()

    add_task = reverse("meetings:add_task", args=[resolution.pk])
    form = {"title": "Bericht", "owner": setting.member.pk, "due": "2027-01-31",
            "submission_token": _token()}  # fmt: skip
    client.post(add_task, form), client.post(add_task, form)
    assert resolution.tasks.count() == 1

    item = meeting.agenda_items.first()
    upload = reverse("meetings:upload_document", args=[meeting.pk, item.pk])
    token = _token()
    for _ in range(2):
        pdf = SimpleUploadedFile("Bericht.pdf", b"%PDF-1.4\n% test\n")
        client.post(upload, {"file": pdf, "submission_token": token})
    assert AgendaDocument.objects.filter(agenda_item=item).count() == 1

    new = reverse("meetings:new_press_release", args=[setting.alliance.slug])
    form = {"title": "Doppelt", "date": "2026-05-04", "text": "Text.", "submission_token": _token()}
    client.post(new, form)
    again = client.post(new, form, follow=True)
    assert PressRelease.objects.filter(title="Doppelt").count() == 1
    assert "bereits gesendet" in again.content.decode()


def test_the_upload_token_of_one_agenda_item_does_not_block_another(setting, client):
    client.force_login(setting.coordinator.user)
    token = _token()
    for item in setting.meeting.agenda_items.all():
        url = reverse("meetings:upload_document", args=[setting.meeting.pk, item.pk])
        pdf = SimpleUploadedFile("Bericht.pdf", b"%PDF-1.4\n% test\n")
        client.post(url, {"file": pdf, "submission_token": token})
    assert AgendaDocument.objects.count() == 2


def test_a_meeting_in_the_year_9999_is_refused_in_german_and_the_input_kept(setting, client):
    client.force_login(setting.coordinator.user)
    schedule = reverse("meetings:schedule", args=[setting.alliance.slug])
    page = client.post(schedule, _meeting_form(setting, day="9999-05-06"))
    assert page.status_code == 200
    assert "Das Datum der Sitzung muss zwischen" in str(page.context["form"].errors["day"])
    assert 'value="Doppelsitzung"' in page.content.decode()
    assert not Meeting.objects.filter(title="Doppelsitzung").exists()

    far = timezone.make_aware(datetime.datetime(9999, 5, 6, 10))
    with pytest.raises(ValidationError, match="Datum der Sitzung"):
        services.schedule_meeting(
            setting.body, setting.coordinator.user, title="Fern", starts_at=far,
            ends_at=far + datetime.timedelta(hours=1), place="Rathaus",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Pressemitteilung"):
        services.create_press_release(
            setting.alliance, setting.coordinator.user, title="T", text="T",
            date=datetime.date(1900, 1, 1),
        )  # fmt: skip
    resolution = services.record_resolution(setting.meeting, number="R", text="T")
    with pytest.raises(ValidationError, match="Fälligkeitsdatum"):
        services.create_task(
            resolution, setting.coordinator.user, title="T", owner=setting.member,
            due=datetime.date(9999, 1, 1),
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_fifty_identical_posts_at_once_create_one_press_release_and_one_meeting(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    setting = make_setting()
    user = setting.coordinator.user
    new = reverse("meetings:new_press_release", args=[setting.alliance.slug])
    form = {"title": "Fünfzig", "date": "2026-05-04", "text": "Text.", "submission_token": _token()}
    assert post_at_once(user, new, form) == [302] * 50
    assert PressRelease.objects.filter(title="Fünfzig").count() == 1
    schedule = reverse("meetings:schedule", args=[setting.alliance.slug])
    assert post_at_once(user, schedule, _meeting_form(setting)) == [302] * 50
    assert Meeting.objects.get(title="Doppelsitzung").agenda_items.count() == 2
