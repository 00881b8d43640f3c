"""Cancel and move a meeting, edit its agenda before and after the invitation, invitees answer.

The .ics of every revision is read back with icalendar: same UID, SEQUENCE raised, METHOD and
STATUS as RFC 5546 wants them."""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from wohnbuendnis.lib.race_testing import at_once
from wohnbuendnis.meetings import ical, services
from wohnbuendnis.meetings.models import (
    AttendanceStatus,
    InvitationAnswer,
    Meeting,
    MeetingStatus,
)
from wohnbuendnis.meetings.tests.factories import make_setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(time_machine):
    time_machine.move_to(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC))
    return make_setting()


def _event(message):
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("einladung.ics", "text/calendar")
    calendar = ical.parse(content)
    (event,) = calendar.events
    return calendar, event


def _invite(setting):
    services.send_invitations(setting.meeting, setting.coordinator.user)
    setting.meeting.refresh_from_db()
    first = mail.outbox[0]
    mail.outbox.clear()
    return _event(first)[1]


def test_cancelling_after_the_invitation_sends_method_cancel_with_the_same_uid(setting):
    invited = _invite(setting)
    services.cancel_meeting(setting.meeting, setting.coordinator.user, note="Raum fehlt.")
    setting.meeting.refresh_from_db()
    assert setting.meeting.status == MeetingStatus.CANCELLED
    assert setting.meeting.history.latest("at").note == "Raum fehlt."
    assert len(mail.outbox) == 2  # chair and member
    calendar, event = _event(mail.outbox[0])
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(invited["UID"])
    assert int(event["SEQUENCE"]) == int(invited["SEQUENCE"]) + 1
    assert mail.outbox[0].subject.startswith("Abgesagt:") and "Raum fehlt." in mail.outbox[0].body


def test_cancelling_is_refused_without_note_twice_or_with_minutes(setting):
    with pytest.raises(ValidationError, match="Grund"):
        services.cancel_meeting(setting.meeting, setting.coordinator.user, note=" ")
    services.cancel_meeting(setting.meeting, setting.coordinator.user, note="Kein Bedarf")
    assert mail.outbox == []  # nobody was invited yet
    with pytest.raises(ValidationError, match="nicht mehr abgesagt"):
        services.cancel_meeting(setting.meeting, setting.coordinator.user, note="noch mal")
    assert setting.meeting.history.filter(to_status=MeetingStatus.CANCELLED).count() == 1


def test_moving_after_the_invitation_sends_an_updated_request(setting):
    invited = _invite(setting)
    start = timezone.make_aware(datetime.datetime(2026, 3, 11, 14))
    services.move_meeting(
        setting.meeting,
        setting.coordinator.user,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Bürgerhaus",
        note="Der Saal ist belegt.",
    )
    assert len(mail.outbox) == 2
    calendar, event = _event(mail.outbox[0])
    assert str(calendar["METHOD"]) == "REQUEST" and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]) == str(invited["UID"])
    assert int(event["SEQUENCE"]) == int(invited["SEQUENCE"]) + 1
    assert event.decoded("DTSTART") == start and str(event["LOCATION"]) == "Bürgerhaus"
    assert "Der Saal ist belegt." in mail.outbox[0].body
    setting.meeting.refresh_from_db()
    assert setting.meeting.status == MeetingStatus.INVITED
    assert "Bürgerhaus" in setting.meeting.history.latest("at").note


def test_moving_refuses_bad_times_and_unchanged_data_and_writes_nothing(setting):
    meeting = setting.meeting
    start = meeting.starts_at
    cases = [
        (dict(starts_at=start, ends_at=start, place="X"), "Ende"),
        (
            dict(starts_at=start.replace(year=2090), ends_at=start.replace(year=2090), place="X"),
            "zwischen dem",
        ),
        (dict(starts_at=start, ends_at=meeting.ends_at, place=""), "Ort"),
        (dict(starts_at=start, ends_at=meeting.ends_at, place="Rathaus"), "nichts geändert"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.move_meeting(meeting, setting.coordinator.user, **kwargs)
    meeting.refresh_from_db()
    assert meeting.place == "Rathaus" and meeting.sequence == 0 and mail.outbox == []


def test_agenda_changes_before_the_invitation_send_nothing(setting):
    meeting, by = setting.meeting, setting.coordinator.user
    services.add_agenda_item(meeting, by, title="Verschiedenes")
    first = meeting.agenda_items.get(position=1)
    services.update_agenda_item(first, by, title="Bericht der AG", public=False)
    services.move_agenda_item(meeting.agenda_items.get(position=3), by, up=True)
    assert list(meeting.agenda_items.values_list("title", "public")) == [
        ("Bericht der AG", False),
        ("Verschiedenes", True),
        ("Personalien", False),
    ]
    services.remove_agenda_item(meeting.agenda_items.get(position=2), by)
    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, "Bericht der AG"),
        (2, "Personalien"),
    ]
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_each_agenda_change_after_the_invitation_sends_the_update(setting):
    invited = _invite(setting)
    meeting, by = setting.meeting, setting.coordinator.user
    services.add_agenda_item(meeting, by, title="Wohnungsmarktbericht")
    services.move_agenda_item(meeting.agenda_items.get(position=3), by, up=True)
    assert len(mail.outbox) == 4  # two changes, two invitees
    calendar, event = _event(mail.outbox[-1])
    assert str(calendar["METHOD"]) == "REQUEST" and str(event["UID"]) == str(invited["UID"])
    assert int(event["SEQUENCE"]) == int(invited["SEQUENCE"]) + 2
    assert "TOP 2: Wohnungsmarktbericht" in str(event["DESCRIPTION"])
    assert mail.outbox[-1].subject.startswith("Geänderte Einladung:")
    notes = list(
        meeting.history.filter(note__startswith="Tagesordnung").values_list("note", flat=True)
    )
    assert len(notes) == 2


def test_removing_refuses_items_with_documents_minutes_or_at_the_edges(setting):
    meeting, by = setting.meeting, setting.coordinator.user
    first = meeting.agenda_items.get(position=1)
    with pytest.raises(ValidationError, match="steht schon oben"):
        services.move_agenda_item(first, by, up=True)
    pdf = SimpleUploadedFile("bericht.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.add_document(first, by, pdf)
    with pytest.raises(ValidationError, match="hat Unterlagen"):
        services.remove_agenda_item(first, by)
    services.draft_minutes(meeting, setting.chair, by, {1: {"results": "Bericht gehört."}})
    second = meeting.agenda_items.get(position=2)
    with pytest.raises(ValidationError, match="Protokoll"):
        services.remove_agenda_item(second, by)
    with pytest.raises(ValidationError, match="Protokoll"):
        services.add_agenda_item(meeting, by, title="Nachtrag")
    assert meeting.agenda_items.count() == 2


def test_invitees_answer_and_the_coordinator_counts_them(setting):
    meeting = setting.meeting
    with pytest.raises(ValidationError, match="nicht \\(mehr\\)"):
        services.answer_invitation(meeting, setting.member, InvitationAnswer.ATTEND)
    _invite(setting)
    services.answer_invitation(meeting, setting.member, InvitationAnswer.EXCUSED)
    assert meeting.attendances.get(person=setting.member).status == AttendanceStatus.EXCUSED
    services.answer_invitation(meeting, setting.chair, InvitationAnswer.ATTEND)
    assert services.reply_counts(meeting) == {"attend": 1, "excused": 1, "open": 0}
    # The member changes their mind: the excuse is taken back, one answer per person.
    services.answer_invitation(meeting, setting.member, InvitationAnswer.ATTEND)
    assert not meeting.attendances.filter(person=setting.member).exists()
    assert services.reply_counts(meeting) == {"attend": 2, "excused": 0, "open": 0}
    with pytest.raises(ValidationError, match="nicht eingeladen"):
        services.answer_invitation(meeting, setting.outsider, InvitationAnswer.ATTEND)


def test_nobody_answers_after_the_start(setting, time_machine):
    _invite(setting)
    time_machine.move_to(setting.meeting.starts_at + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="begonnen"):
        services.answer_invitation(setting.meeting, setting.member, InvitationAnswer.EXCUSED)
    assert not setting.meeting.replies.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_agenda_additions_and_cancellations_lose_nothing():
    """Two people add an item at once: both get their own position; two cancel at once: one
    cancellation, one refusal, one mail per invitee (row lock on the meeting; PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    setting = make_setting()
    meeting, by = setting.meeting, setting.coordinator.user
    services.send_invitations(meeting, by, notify=False)
    outcomes = at_once(
        *(
            partial(services.add_agenda_item, Meeting.objects.get(pk=meeting.pk), by, title=t)
            for t in ("Nachtrag A", "Nachtrag B")
        )
    )
    assert outcomes == ["ok", "ok"]
    assert sorted(meeting.agenda_items.values_list("position", flat=True)) == [1, 2, 3, 4]
    mail.outbox.clear()
    outcomes = at_once(
        *(
            partial(services.cancel_meeting, Meeting.objects.get(pk=meeting.pk), by, note=n)
            for n in ("Grund A", "Grund B")
        )
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert meeting.history.filter(to_status=MeetingStatus.CANCELLED).count() == 1
    assert len(mail.outbox) == 2
