"""The minutes workflow: drafted → circulated → commented → approved → published."""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from wohnbuendnis.lib.race_testing import at_once
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import (
    AmendmentStatus,
    AttendanceStatus,
    Minutes,
    MinutesStatus,
)
from wohnbuendnis.meetings.tests.factories import draft, make_setting

pytestmark = pytest.mark.django_db
FUTURE = datetime.date(2999, 1, 1)


@pytest.fixture
def setting():
    return make_setting()


def test_invitations_carry_an_icalendar_file(setting):
    sent = services.send_invitations(setting.meeting, setting.coordinator.user)
    assert sent == len(mail.outbox) == 2  # the chair and the member
    message = mail.outbox[0]
    assert message.subject.startswith("Einladung: AG Test – Sitzung 1")
    name, content, mimetype = message.attachments[0]
    assert name == "einladung.ics" and mimetype == "text/calendar"
    assert "METHOD:REQUEST" in content and "DTSTART:20260304T090000Z" in content
    setting.meeting.refresh_from_db()
    assert setting.meeting.status == "eingeladen"
    assert list(setting.meeting.history.values_list("to_status", flat=True)) == [
        "geplant",
        "eingeladen",
    ]


def test_history_notes_are_german_when_written_from_an_english_page(setting):
    """The history is read later on German pages: written in the site's language."""
    user = setting.coordinator.user
    services.send_invitations(setting.meeting, user)
    with translation.override("en"):
        services.add_agenda_item(setting.meeting, user, title="Verschiedenes")
        minutes = services.circulate_minutes(draft(setting), user, FUTURE)
    notes = setting.meeting.history.values_list("note", flat=True)
    assert "Tagesordnung geändert: TOP 3 ergänzt" in notes
    assert minutes.history.last().note == "Frist: 01.01.2999"


def test_outsiders_attend_only_as_guests(setting):
    with pytest.raises(ValidationError):
        services.record_attendance(
            setting.meeting, {setting.outsider: AttendanceStatus.PRESENT}, None
        )
    services.record_attendance(setting.meeting, {setting.outsider: AttendanceStatus.GUEST}, None)
    assert services.is_attendee(setting.outsider, setting.meeting)


def test_the_full_cycle_keeps_a_history(setting):
    user = setting.coordinator.user
    minutes = draft(setting)
    minutes = services.circulate_minutes(minutes, user, FUTURE)
    assert len(mail.outbox) == 2
    item = minutes.items.get(agenda_item__position=1)
    amendment = services.propose_amendment(
        item,
        setting.member.user,
        field="results",
        passage="zur Kenntnis",
        proposal="zustimmend zur Kenntnis",
        reason="So war es.",
    )
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.COMMENTED
    services.accept_amendment(amendment, setting.chair.user, "Danke.")
    item.refresh_from_db()
    assert item.results == "Die AG nimmt den Bericht zustimmend zur Kenntnis."
    assert item.revisions.get().old_text == "Die AG nimmt den Bericht zur Kenntnis."
    services.approve_minutes(minutes, setting.chair.user)
    minutes = services.publish_minutes(minutes, user)
    assert (
        minutes.public_summary
        == "Bericht: Einstimmig. Die AG nimmt den Bericht zustimmend zur Kenntnis."
    )
    assert "Personal" not in minutes.public_summary  # the non-public item stays internal
    steps = list(minutes.history.values_list("from_status", "to_status"))
    assert steps == [
        ("", "entwurf"),
        ("entwurf", "umlauf"),
        ("umlauf", "kommentiert"),
        ("kommentiert", "freigegeben"),
        ("freigegeben", "veroeffentlicht"),
    ]
    assert minutes.approved_by == setting.chair.user and minutes.approved_at


@pytest.mark.parametrize(
    "step",
    ["approve", "publish", "amend", "tacit"],
)
def test_drafts_cannot_skip_the_circulation(setting, step):
    minutes = draft(setting)
    item = minutes.items.first()
    user = setting.coordinator.user
    actions = {
        "approve": lambda: services.approve_minutes(minutes, user),
        "publish": lambda: services.publish_minutes(minutes, user, "x"),
        "amend": lambda: services.propose_amendment(
            item, user, field="results", passage="AG", proposal="Arbeitsgruppe"
        ),
        "tacit": lambda: services.approve_tacitly(minutes, FUTURE),
    }
    with pytest.raises(ValidationError):
        actions[step]()
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFTED


def test_invalid_transitions_are_refused(setting):
    user = setting.coordinator.user
    minutes = draft(setting)
    with pytest.raises(ValidationError):
        services.draft_minutes(setting.meeting, setting.chair, user)  # a second draft
    with pytest.raises(ValidationError):
        services.circulate_minutes(minutes, user, datetime.date(2000, 1, 1))  # past deadline
    services.circulate_minutes(minutes, user, FUTURE)
    with pytest.raises(ValidationError):
        services.circulate_minutes(minutes, user, FUTURE)
    with pytest.raises(ValidationError):
        services.update_minutes_item(minutes.items.first(), user, results="neu")
    with pytest.raises(ValidationError):
        services.add_agenda_item(setting.meeting, user, title="Nachtrag")
    services.approve_minutes(minutes, user)
    with pytest.raises(ValidationError):
        services.circulate_minutes(minutes, user, FUTURE)


def test_open_amendments_block_approval_and_rejections_need_a_reason(setting):
    user = setting.coordinator.user
    minutes = services.circulate_minutes(draft(setting), user, FUTURE)
    item = minutes.items.get(agenda_item__position=1)
    amendment = services.propose_amendment(
        item, setting.member.user, field="decisions", passage="Einstimmig", proposal="Mehrheitlich"
    )
    with pytest.raises(ValidationError, match="offenen"):
        services.approve_minutes(minutes, user)
    with pytest.raises(ValidationError):
        services.reject_amendment(amendment, user, "  ")
    services.reject_amendment(amendment, user, "Es war einstimmig.")
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REJECTED
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.accept_amendment(amendment, user)
    item.refresh_from_db()
    assert item.decisions == "Einstimmig."
    services.approve_minutes(minutes, user)


def test_amendments_need_an_existing_passage(setting):
    minutes = services.circulate_minutes(draft(setting), setting.coordinator.user, FUTURE)
    item = minutes.items.first()
    with pytest.raises(ValidationError, match="Textstelle"):
        services.propose_amendment(
            item, setting.member.user, field="results", passage="gibt es nicht", proposal="x"
        )


def test_an_outdated_amendment_cannot_be_accepted(setting):
    user = setting.coordinator.user
    minutes = services.circulate_minutes(draft(setting), user, FUTURE)
    item = minutes.items.get(agenda_item__position=1)
    first = services.propose_amendment(
        item, user, field="results", passage="den Bericht", proposal="die Berichte"
    )
    second = services.propose_amendment(
        item, user, field="results", passage="den Bericht zur", proposal="den Bericht gern zur"
    )
    services.accept_amendment(first, user)
    with pytest.raises(ValidationError, match="inzwischen"):
        services.accept_amendment(second, user)
    second.refresh_from_db()
    assert second.status == AmendmentStatus.OPEN  # the failed acceptance was rolled back


def test_tacit_approval_after_the_deadline(setting):
    services.set_approval_mode(setting.body, setting.coordinator.user, "stillschweigend")
    minutes = services.circulate_minutes(
        draft(setting), None, datetime.date(2026, 3, 20), today=datetime.date(2026, 3, 5)
    )
    with pytest.raises(ValidationError, match="läuft noch"):
        services.approve_tacitly(minutes, datetime.date(2026, 3, 20))
    minutes = services.approve_tacitly(minutes, datetime.date(2026, 3, 21))
    assert minutes.status == MinutesStatus.APPROVED and minutes.tacitly_approved
    assert minutes.history.last().note == "stillschweigend nach Fristablauf"


def test_bodies_approve_explicitly_unless_they_decided_otherwise(setting):
    assert services.approval_mode(setting.body) == "explizit"
    minutes = services.circulate_minutes(
        draft(setting), None, datetime.date(2026, 3, 20), today=datetime.date(2026, 3, 5)
    )
    with pytest.raises(ValidationError, match="ausdrücklich"):
        services.approve_tacitly(minutes, datetime.date(2026, 3, 21))
    with pytest.raises(ValidationError, match="Unbekannte"):
        services.set_approval_mode(setting.body, None, "irgendwie")
    policy = services.set_approval_mode(setting.body, setting.coordinator.user, "stillschweigend")
    assert policy.changed_by == setting.coordinator.user
    assert services.approval_mode(setting.body) == "stillschweigend"


def test_two_approvals_of_stale_copies_end_in_one(setting):
    """Both approvers loaded the circulated minutes before either clicked."""
    minutes = services.circulate_minutes(draft(setting), None, FUTURE)
    copy_a, copy_b = Minutes.objects.get(pk=minutes.pk), Minutes.objects.get(pk=minutes.pk)
    services.approve_minutes(copy_a, setting.chair.user)
    with pytest.raises(ValidationError, match="bereits freigegeben"):
        services.approve_minutes(copy_b, setting.coordinator.user)
    minutes.refresh_from_db()
    assert minutes.approved_by == setting.chair.user
    assert minutes.history.filter(to_status=MinutesStatus.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_end_in_one():
    """Real concurrency needs row locks: PostgreSQL only (SQLite serialises writers anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    setting = make_setting()
    minutes = services.circulate_minutes(draft(setting), None, FUTURE)
    outcomes = at_once(
        *(
            partial(services.approve_minutes, Minutes.objects.get(pk=minutes.pk), user)
            for user in (setting.chair.user, setting.coordinator.user)
        )
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert minutes.history.filter(to_status=MinutesStatus.APPROVED).count() == 1
