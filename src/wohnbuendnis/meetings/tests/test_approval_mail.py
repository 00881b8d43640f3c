"""The attendees learn by e-mail that the minutes are approved, once the approval commits."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.tests.factories import draft, make_setting

pytestmark = pytest.mark.django_db
FUTURE = datetime.date(2999, 1, 1)


@pytest.fixture
def setting():
    return make_setting()


def test_explicit_approval_mails_the_attendees_after_commit(
    setting, django_capture_on_commit_callbacks
):
    minutes = services.circulate_minutes(draft(setting), None, FUTURE, notify=False)
    with django_capture_on_commit_callbacks() as callbacks:
        services.approve_minutes(minutes, setting.chair.user)
        assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [setting.chair.email, setting.member.email]
    )
    assert mail.outbox[0].subject == "Protokoll freigegeben: Sitzung 1"
    assert mail.outbox[0].body == "Das Protokoll der Sitzung „Sitzung 1“ ist freigegeben."


def test_tacit_approval_mails_the_attendees(setting, django_capture_on_commit_callbacks):
    services.set_approval_mode(setting.body, setting.coordinator.user, "stillschweigend")
    minutes = services.circulate_minutes(
        draft(setting),
        None,
        datetime.date(2026, 3, 20),
        notify=False,
        today=datetime.date(2026, 3, 5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_tacitly(minutes, datetime.date(2026, 3, 21))
    assert len(mail.outbox) == 2
    assert "nach Ablauf der Frist ohne Einwand" in mail.outbox[0].body


def test_a_refused_approval_sends_nothing(setting, django_capture_on_commit_callbacks):
    minutes = services.circulate_minutes(draft(setting), None, FUTURE, notify=False)
    services.approve_minutes(minutes, setting.chair.user, notify=False)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.approve_minutes(minutes, setting.coordinator.user)
    assert mail.outbox == []
