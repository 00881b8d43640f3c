"""A generated report: what was asked for (kind, format, version, year/edition/meeting), how far
the background job is, the file, who asked, the data state it shows, and whether Koordination
published it on the public pages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class ReportKind(models.TextChoices):
    CONCEPT = "concept", _("Handlungskonzept Wohnen")
    MARKET = "market", _("Wohnungsmarktbericht")
    EVALUATION = "evaluation", _("Erfolgskontrolle")
    PROGRESS = "progress", _("Jahresbericht zur Umsetzung")
    ALLOCATION = "allocation", _("Jahresstatistik der Wohnungsvergabe")
    MINUTES = "minutes", _("Protokoll einer Sitzung")
    INVITATION = "invitation", _("Einladung zu einer Sitzung")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    HTML = "html", "HTML"


class Audience(models.TextChoices):
    PUBLIC = "oeffentlich", _("öffentliche Fassung")
    INTERNAL = "intern", _("interne Fassung")


class ReportStatus(models.TextChoices):
    QUEUED = "wartend", _("wartet")
    RUNNING = "laeuft", _("wird erstellt")
    DONE = "fertig", _("fertig")
    FAILED = "fehlgeschlagen", _("fehlgeschlagen")


def _report_path(report: Report, filename: str) -> str:
    return f"reports/{report.alliance_id}/{uuid.uuid4().hex}.{report.format}"


class Report(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("Bericht"), max_length=20, choices=ReportKind.choices)
    format = models.CharField(_("Format"), max_length=10, choices=ReportFormat.choices)
    audience = models.CharField(
        _("Fassung"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    edition = models.PositiveSmallIntegerField(_("Fassung des Konzepts"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Sitzung"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    message = models.CharField(_("Meldung"), max_length=300, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    file = models.FileField(_("Datei"), upload_to=_report_path, blank=True, max_length=255)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
    )
    created_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    data_state = models.CharField(_("Datenstand"), max_length=300, blank=True)
    # set by the builder from what the report really holds; such a report never goes public
    contains_non_public = models.BooleanField(_("enthält Nichtöffentliches"), default=False)
    published = models.BooleanField(_("veröffentlicht"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format}, {self.created_at:%d.%m.%Y})"

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def file_name(self) -> str:
        return f"{self.alliance.slug}-{self.kind}.{self.format}"


class ReportStatusChange(StatusChange):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=ReportStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=ReportStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
