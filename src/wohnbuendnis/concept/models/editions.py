"""Editions of the action concept (Fortschreibung): the council adopts the concept as a
numbered edition; adopting freezes the whole content as a snapshot, and the next adopted
edition supersedes the previous one. The live tables are the working draft."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.concept.models.base import _OfAlliance
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class EditionStatus(models.TextChoices):
    DRAFT = "entwurf", _("in Bearbeitung")
    ADOPTED = "beschlossen", _("beschlossen")
    SUPERSEDED = "abgeloest", _("abgelöst")


def _decision_path(edition: ConceptEdition, filename: str) -> str:
    """A random stored name: the original name is kept in ``decision_name`` only."""
    suffix = Path(filename).suffix.lower()
    return f"concept/editions/{edition.alliance_id}/{uuid.uuid4().hex}{suffix}"


class ConceptEdition(_OfAlliance):
    """An edition (Fassung) of the concept; adopted, ``content`` holds its frozen snapshot
    (shape: ``concept.services.editions.snapshot``)."""

    number = models.PositiveSmallIntegerField(_("Nr."))
    title = models.CharField(_("Titel"), max_length=200)
    status = models.CharField(
        _("Status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    decided_on = models.DateField(_("Ratsbeschluss vom"), null=True, blank=True)
    printed_matter = models.CharField(_("Drucksache"), max_length=50, blank=True)
    decision_file = models.FileField(
        _("Beschluss (PDF)"), upload_to=_decision_path, max_length=255, blank=True
    )
    decision_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    decision_size = models.PositiveIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    content = models.JSONField(_("Inhalt"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("beschlossen eingetragen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Fassung des Handlungskonzepts")
        verbose_name_plural = _("Fassungen des Handlungskonzepts")
        ordering = ["alliance", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="edition_number_unique"),
            # one edition in force and one in the works per alliance at a time
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(status="beschlossen"),
                name="edition_one_adopted",
            ),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(status="entwurf"),
                name="edition_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ConceptEditionStatusChange(StatusChange):
    edition = models.ForeignKey(ConceptEdition, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=EditionStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=EditionStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.edition_id}: {self.from_status} → {self.to_status}"
