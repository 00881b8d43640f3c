"""Tasks from resolutions: who does what by when, and which tasks are open or overdue."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.meetings.models import (
    TASK_FINISHED,
    Resolution,
    Task,
    TaskStatus,
)


@transaction.atomic
def create_task(
    resolution: Resolution, by, *, title: str, owner: Person, due: datetime.date
) -> Task:
    """A resolution gives a person a task with a due date."""
    if not title.strip():
        raise ValidationError(_("Bitte beschreiben Sie die Aufgabe."))
    check_date_near_today(due, _("Das Fälligkeitsdatum"))
    alliance = resolution.meeting.body.alliance
    if not owner.memberships.filter(alliance=alliance).exists():
        raise ValidationError(_("Die zuständige Person arbeitet nicht in diesem Bündnis mit."))
    task = Task.objects.create(resolution=resolution, title=title, owner=owner, due=due)
    record_status(task, by, new=True)
    return task


@transaction.atomic
def set_task_status(task: Task, by, status: str, note: str = "") -> Task:
    """Change a task's status; owner and manager may race, the lock keeps one history."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if status not in TaskStatus.values:
        raise ValidationError(_("Unbekannter Status."))
    if status == task.status:
        raise ValidationError(_("Die Aufgabe hat diesen Status bereits."))
    change_status(task, status, by, note)
    return task


def open_tasks(alliance) -> models.QuerySet[Task]:
    return (
        Task.objects.filter(resolution__meeting__body__alliance=alliance)
        .exclude(status__in=TASK_FINISHED)
        .select_related("owner", "resolution__meeting__body")
    )


def overdue_tasks(alliance, today: datetime.date | None = None) -> models.QuerySet[Task]:
    """Unfinished tasks whose due date has passed, the oldest first."""
    return open_tasks(alliance).filter(due__lt=today or timezone.localdate())
