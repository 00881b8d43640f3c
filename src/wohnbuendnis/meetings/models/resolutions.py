"""Resolutions of a body, recorded in its minutes, and the tasks they give to persons, with
due date and status history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange
from wohnbuendnis.meetings.models.agenda import AgendaItem
from wohnbuendnis.meetings.models.meetings import Meeting


class Resolution(models.Model):
    """A decision of a body, recorded in its minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolutions"
    )
    number = models.CharField(_("Nummer"), max_length=30)
    text = models.TextField(_("Beschluss"))

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"

    @property
    def alliance(self) -> Alliance:
        return self.meeting.body.alliance


class TaskStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    IN_PROGRESS = "in_arbeit", _("in Arbeit")
    DONE = "erledigt", _("erledigt")
    DROPPED = "entfallen", _("entfallen")


TASK_FINISHED = (TaskStatus.DONE, TaskStatus.DROPPED)


class Task(models.Model):
    """A task a resolution gave to a person, with a due date."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("Beschluss")
    )
    title = models.CharField(_("Aufgabe"), max_length=250)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("zuständig")
    )
    due = models.DateField(_("fällig am"))
    status = models.CharField(
        _("Status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def alliance(self) -> Alliance:
        return self.resolution.meeting.body.alliance

    @property
    def meeting(self) -> Meeting:
        return self.resolution.meeting


class TaskStatusChange(StatusChange):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=TaskStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=TaskStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.task_id}: {self.from_status} → {self.to_status}"
