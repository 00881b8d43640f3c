"""Deadline reminders by e-mail: circulated minutes whose deadline is near, tasks due soon or
overdue. Each reminder goes out once (a ``Reminder`` row per kind, object and person), so the
command may run as often as the operator likes (daily by cron). Recording a reminder is a state
change like any other, so it lives with the services."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.meetings.models import (
    TASK_FINISHED,
    Minutes,
    MinutesStatus,
    Reminder,
    ReminderKind,
    Task,
)
from wohnbuendnis.meetings.services.shared import ATTENDING

MINUTES_DAYS_BEFORE = 2  # remind attendees two days before the deadline for comments
TASK_DAYS_BEFORE = 3  # remind owners three days before a task is due (and when overdue)


def _once(kind: str, object_id: int, person, message: EmailMessage, connection) -> bool:
    """Record the reminder and send it in one transaction: a failed send leaves no row, and
    a second run (or a parallel one) finds the row and sends nothing."""
    try:
        with transaction.atomic():
            Reminder.objects.create(kind=kind, object_id=object_id, person=person)
            connection.send_messages([message])
    except IntegrityError:
        return False
    return True


def _minutes_messages(today: datetime.date):
    due = Minutes.objects.filter(
        status__in=(MinutesStatus.CIRCULATED, MinutesStatus.COMMENTED),
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=MINUTES_DAYS_BEFORE),
    ).select_related("meeting")
    for minutes in due:
        meeting = minutes.meeting
        subject = _("Erinnerung: Rückmeldungen zum Protokoll „%(title)s“ bis %(day)s") % {
            "title": meeting.title,
            "day": minutes.deadline.strftime("%d.%m.%Y"),
        }
        text = _(
            "Die Frist für Änderungsvorschläge zum Protokoll der Sitzung „%(title)s“ endet am "
            "%(day)s. Danach gilt das Protokoll als freigegeben, wenn das Gremium es so "
            "beschlossen hat."
        ) % {"title": meeting.title, "day": minutes.deadline.strftime("%d.%m.%Y")}
        attendances = meeting.attendances.filter(status__in=ATTENDING).select_related("person")
        for attendance in attendances.exclude(person__email=""):
            yield ReminderKind.MINUTES_DEADLINE, minutes.pk, attendance.person, subject, text


def _task_messages(today: datetime.date):
    due = (
        Task.objects.exclude(status__in=TASK_FINISHED)
        .filter(due__lte=today + datetime.timedelta(days=TASK_DAYS_BEFORE))
        .exclude(owner__email="")
        .select_related("owner", "resolution__meeting__body")
    )
    for task in due:
        day = task.due.strftime("%d.%m.%Y")
        subject = _("Erinnerung: Aufgabe „%(title)s“ fällig am %(day)s") % {
            "title": task.title,
            "day": day,
        }
        text = _("Aus Beschluss %(number)s (%(body)s): „%(title)s“, fällig am %(day)s.") % {
            "number": task.resolution.number,
            "body": task.resolution.meeting.body,
            "title": task.title,
            "day": day,
        }
        yield ReminderKind.TASK_DUE, task.pk, task.owner, subject, text


def send_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders that are due and not yet sent; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    with get_connection() as connection:
        for source in (_minutes_messages(today), _task_messages(today)):
            for kind, object_id, person, subject, text in source:
                message = EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [person.email])
                sent += _once(kind, object_id, person, message, connection)
    return sent
