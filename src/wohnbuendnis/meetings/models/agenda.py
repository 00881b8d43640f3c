"""The agenda of a meeting: its items and the files attached to them, each stored under a
random name. Migration 0005 refers to the upload path as
``wohnbuendnis.meetings.models._document_path``, so the package re-exports it."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.meetings.models.meetings import Meeting


class AgendaItem(models.Model):
    """One item of the agenda (as OParl's AgendaItem: number, public flag)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("TOP"))
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer (Minuten)"), default=15)
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwortlich"),
    )
    public = models.BooleanField(_("öffentlich"), default=True)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position"),
        ]

    def __str__(self) -> str:
        return f"TOP {self.position}: {self.title}"


def _document_path(document: AgendaDocument, filename: str) -> str:
    """A random stored name: the original name is kept in ``name`` only."""
    suffix = Path(filename).suffix.lower()
    return f"meetings/{document.agenda_item.meeting_id}/{uuid.uuid4().hex}{suffix}"


class AgendaDocument(models.Model):
    """A file for one agenda item (presentation, draft, table)."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("TOP")
    )
    file = models.FileField(_("Datei"), upload_to=_document_path, max_length=255)
    name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Unterlage")
        verbose_name_plural = _("Unterlagen")
        ordering = ["agenda_item", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def meeting(self) -> Meeting:
        return self.agenda_item.meeting

    @property
    def alliance(self) -> Alliance:
        return self.agenda_item.meeting.body.alliance
