"""Reminders that were sent (minutes deadline, task due), kept so that none is sent twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Person


class ReminderKind(models.TextChoices):
    MINUTES_DEADLINE = "protokollfrist", _("Frist für Rückmeldungen zum Protokoll")
    TASK_DUE = "aufgabe_faellig", _("Aufgabe fällig")


class Reminder(models.Model):
    """A reminder that was sent: one per kind, object and person, so none is sent twice."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "person"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.person_id}"
