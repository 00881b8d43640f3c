"""Consultations (Beteiligungsverfahren): Koordination puts a draft to the member
organisations with a deadline; each invited organisation submits one written statement
(revisions are new versions beside the old ones); the synopsis (Synopse) lists every statement
beside its section with Koordination's response, and can be published."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models import ConceptEdition
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class ConsultationKind(models.TextChoices):
    EDITION = "fassung", _("Entwurf einer Konzeptfassung")
    THESES = "thesenpapier", _("Thesenpapier")
    PRIORITY_LIST = "vorrangliste", _("Entwurf einer Vorrangliste")
    OTHER = "sonstiges", _("sonstiger Entwurf")


class ConsultationStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    OPEN = "offen", _("offen")
    CLOSED = "abgeschlossen", _("abgeschlossen")
    PUBLISHED = "veroeffentlicht", _("Synopse veröffentlicht")


class Verdict(models.TextChoices):
    TAKEN_UP = "uebernommen", _("übernommen")
    PARTLY = "teilweise", _("teilweise übernommen")
    NOT_TAKEN_UP = "nicht", _("nicht übernommen")


def _draft_path(consultation: Consultation, filename: str) -> str:
    """A random stored name: the original name is kept in ``document_name`` only."""
    suffix = Path(filename).suffix.lower()
    return f"consultations/{consultation.alliance_id}/{uuid.uuid4().hex}{suffix}"


def _attachment_path(version: StatementVersion, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"consultations/statements/{uuid.uuid4().hex}{suffix}"


class Consultation(models.Model):
    """A draft put to the member organisations: its sections, the invited organisations and
    the deadline (statements are accepted up to and including that day)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art des Entwurfs"), max_length=20, choices=ConsultationKind.choices)
    edition = models.ForeignKey(
        ConceptEdition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Fassung des Handlungskonzepts"),
    )
    description = models.TextField(_("Worum es geht"), blank=True)
    deadline = models.DateField(_("Frist für Stellungnahmen"))
    status = models.CharField(
        _("Status"),
        max_length=STATUS_LENGTH,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("eingeladene Organisationen")
    )
    document = models.FileField(
        _("Entwurf als Datei"), upload_to=_draft_path, max_length=255, blank=True
    )
    document_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    document_size = models.PositiveIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("eröffnet am"), null=True, blank=True)
    published_at = models.DateTimeField(_("Synopse veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Beteiligungsverfahren")
        verbose_name_plural = _("Beteiligungsverfahren")
        ordering = ["alliance", "-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


class ConsultationStatusChange(StatusChange):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=ConsultationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=ConsultationStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.from_status} → {self.to_status}"


class Section(models.Model):
    """A section of the draft (number, title, text) that statements may comment on."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    number = models.CharField(_("Nr."), max_length=20)
    title = models.CharField(_("Abschnitt"), max_length=200)
    text = models.TextField(_("Text"), blank=True)

    class Meta:
        verbose_name = _("Abschnitt des Entwurfs")
        verbose_name_plural = _("Abschnitte des Entwurfs")
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="consultation_section_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Statement(models.Model):
    """The one statement of an organisation in a consultation; its text is in its versions
    (the latest counts, the earlier ones stay)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Organisation")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stellungnahme")
        verbose_name_plural = _("Stellungnahmen")
        ordering = ["consultation", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="statement_one_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.consultation}"


class StatementVersion(models.Model):
    """One submitted version of a statement: the text on the whole draft, one text per
    section commented on (``comments``), an attachment, public or internal."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("Fassung"))
    general = models.TextField(_("Stellungnahme zum Entwurf insgesamt"), blank=True)
    public = models.BooleanField(_("öffentlich"), default=False)
    attachment = models.FileField(
        _("Anlage"), upload_to=_attachment_path, max_length=255, blank=True
    )
    attachment_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fassung einer Stellungnahme")
        verbose_name_plural = _("Fassungen von Stellungnahmen")
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="statement_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement} ({self.number})"


class SectionComment(models.Model):
    """What one version of a statement says on one section."""

    version = models.ForeignKey(StatementVersion, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("Stellungnahme zum Abschnitt"))

    class Meta:
        ordering = ["version", "section__position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "section"], name="section_comment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.section}"


class Response(models.Model):
    """Koordination's response to what a statement says on a section (``section`` empty: on
    the whole draft): taken up, partly or not, and why."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="responses")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    verdict = models.CharField(_("Ergebnis"), max_length=20, choices=Verdict.choices, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Antwort der Koordination")
        verbose_name_plural = _("Antworten der Koordination")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "section"],
                condition=Q(section__isnull=False),
                name="response_one_per_section",
            ),
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(section__isnull=True),
                name="response_one_on_the_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.get_verdict_display() or '–'}"
