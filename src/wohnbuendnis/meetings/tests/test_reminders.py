"""``send_reminders``: deadline reminders for circulated minutes and tasks due, each once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.models import MinutesStatus, Reminder, TaskStatus
from wohnbuendnis.meetings.tests.factories import draft, make_setting

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 4, 10)


def _run(today: datetime.date) -> str:
    out = StringIO()
    call_command("send_reminders", f"--today={today.isoformat()}", stdout=out)
    return out.getvalue()


@pytest.fixture
def setting():
    return make_setting()


def test_attendees_are_reminded_once_before_the_deadline(setting):
    minutes = draft(setting)
    services.circulate_minutes(
        minutes, setting.chair.user, TODAY + datetime.timedelta(days=2), notify=False, today=TODAY
    )
    assert _run(TODAY - datetime.timedelta(days=1)) == "0 reminder(s) sent\n"  # too early
    assert _run(TODAY) == "2 reminder(s) sent\n"  # the chair and the member attended
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [setting.chair.email, setting.member.email]
    )
    assert mail.outbox[0].subject == (
        "Erinnerung: Rückmeldungen zum Protokoll „Sitzung 1“ bis 12.04.2026"
    )
    assert _run(TODAY) == "0 reminder(s) sent\n"
    assert _run(TODAY + datetime.timedelta(days=1)) == "0 reminder(s) sent\n"
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2
    # Approved minutes need no reminder.
    assert _run(TODAY + datetime.timedelta(days=3)) == "0 reminder(s) sent\n"


def test_task_owners_are_reminded_once_when_a_task_is_due(setting):
    resolution = services.record_resolution(setting.meeting, "AG-1", "Bericht erstellen.")
    by = setting.coordinator.user
    soon = services.create_task(
        resolution, by, title="Bericht", owner=setting.member, due=TODAY + datetime.timedelta(3)
    )
    services.create_task(
        resolution, by, title="Später", owner=setting.chair, due=TODAY + datetime.timedelta(30)
    )
    done = services.create_task(resolution, by, title="Fertig", owner=setting.chair, due=TODAY)
    services.set_task_status(done, by, TaskStatus.DONE)
    assert _run(TODAY) == "1 reminder(s) sent\n"
    (message,) = mail.outbox
    assert message.to == [setting.member.email]
    assert message.subject == "Erinnerung: Aufgabe „Bericht“ fällig am 13.04.2026"
    assert "Aus Beschluss AG-1 (AG Test)" in message.body
    assert _run(TODAY + datetime.timedelta(days=5)) == "0 reminder(s) sent\n"  # overdue, sent
    assert Reminder.objects.get().object_id == soon.pk


def test_the_command_approves_tacitly_where_the_body_decided_so(setting):
    deadline = TODAY - datetime.timedelta(days=1)
    start = TODAY - datetime.timedelta(days=10)
    minutes = services.circulate_minutes(draft(setting), None, deadline, notify=False, today=start)
    assert _run(TODAY) == "0 reminder(s) sent\n"  # explicit approval: nothing happens
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED

    services.set_approval_mode(setting.body, setting.coordinator.user, "stillschweigend")
    item = minutes.items.first()
    amendment = services.propose_amendment(
        item, setting.member.user, field="results", passage="AG", proposal="Arbeitsgruppe"
    )
    assert _run(TODAY) == "0 reminder(s) sent\n"  # an open objection blocks it
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.COMMENTED

    services.reject_amendment(amendment, setting.chair.user, "Bleibt so.")
    assert _run(TODAY) == "1 minutes approved tacitly\n0 reminder(s) sent\n"
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.tacitly_approved
    assert _run(TODAY) == "0 reminder(s) sent\n"
