"""Helpers the service modules share: sending mail, the person of a user, who attended."""

from __future__ import annotations

from django.core.mail import EmailMessage, get_connection

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.meetings.models import AttendanceStatus, Meeting

ATTENDING = (AttendanceStatus.PRESENT, AttendanceStatus.GUEST)


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def person_of(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def is_attendee(person: Person | None, meeting: Meeting) -> bool:
    return (
        person is not None
        and meeting.attendances.filter(person=person, status__in=ATTENDING).exists()
    )
