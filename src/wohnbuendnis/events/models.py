"""Events of an alliance (kick-off, forum, Fachtag, evening talk, focus events) with their
programme, the online registrations with double opt-in and a waiting list, documents and a
short public report afterwards.

The registrations hold personal data (name, e-mail, organisation): they are deleted a set
number of days after the event (``services.delete_expired_registrations``); the event keeps
only the counts (``kept_*``)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class EventKind(models.TextChoices):
    KICK_OFF = "auftakt", _("Auftaktveranstaltung")
    FORUM = "forum", _("Forum")
    FACHTAG = "fachtag", _("Fachtag")
    EVENING = "abend", _("Abendveranstaltung")
    FOCUS = "fachgruppe", _("Fachgruppe/Fokusveranstaltung")
    OTHER = "sonstige", _("sonstige Veranstaltung")


class Audience(models.TextChoices):
    PUBLIC = "oeffentlich", _("öffentlich")
    MEMBERS = "mitglieder", _("nur für Mitglieder")


class EventStatus(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    CANCELLED = "abgesagt", _("abgesagt")


class Event(models.Model):
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="events", verbose_name=_("Bündnis")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    video_url = models.URLField(_("Videokonferenz"), blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"), null=True, blank=True)
    audience = models.CharField(
        _("Teilnehmerkreis"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    registration_open = models.BooleanField(_("Anmeldung offen"), default=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    report = models.TextField(_("Bericht"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Retention: when the registrations' personal data were deleted, and what was counted then.
    registrations_deleted_at = models.DateTimeField(
        _("Anmeldedaten gelöscht am"), null=True, blank=True
    )
    kept_confirmed = models.PositiveIntegerField(default=0)
    kept_waiting = models.PositiveIntegerField(default=0)
    kept_cancelled = models.PositiveIntegerField(default=0)
    kept_attended = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d.%m.%Y})"

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class EventStatusChange(StatusChange):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=EventStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=EventStatus.choices
    )


class ProgrammePoint(models.Model):
    """One point of the programme, with an optional time of day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    position = models.PositiveSmallIntegerField(_("Nummer"))
    time = models.TimeField(_("Uhrzeit"), null=True, blank=True)
    title = models.CharField(_("Programmpunkt"), max_length=300)

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programm")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="programme_point_position"),
        ]

    def __str__(self) -> str:
        return f"{self.time:%H:%M} {self.title}" if self.time else self.title


class RegistrationStatus(models.TextChoices):
    PENDING = "unbestaetigt", _("noch nicht bestätigt")
    CONFIRMED = "bestaetigt", _("angemeldet")
    WAITING = "warteliste", _("Warteliste")
    CANCELLED = "storniert", _("abgemeldet")


def _token() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


class Registration(models.Model):
    """A person's registration: from the public form (double opt-in) or a member's click."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    # the secret of the links in the mails (confirm, cancel)
    token = models.CharField(max_length=64, unique=True, default=_token)
    consent_text = models.TextField(_("Einwilligung (Wortlaut)"), blank=True)
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angemeldet am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    # the place on the waiting list: earliest first
    queued_at = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)
    attended = models.BooleanField(_("anwesend"), default=False)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="registration_one_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.get_status_display()}"


class RegistrationStatusChange(StatusChange):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=RegistrationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=RegistrationStatus.choices
    )


def _document_path(document: EventDocument, filename: str) -> str:
    """A random stored name: the original name is kept in ``name`` only."""
    return f"events/{document.event_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class EventDocument(models.Model):
    """A file of an event (programme, presentation, documentation)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
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
        ordering = ["event", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def alliance(self) -> Alliance:
        return self.event.alliance
