"""Meetings of an alliance's bodies: date, place and status with history, who attended, and
the secret token of each person's calendar feed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Body, Person
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class MeetingStatus(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    INVITED = "eingeladen", _("eingeladen")
    HELD = "stattgefunden", _("stattgefunden")
    CANCELLED = "abgesagt", _("abgesagt")


class AttendanceStatus(models.TextChoices):
    PRESENT = "anwesend", _("anwesend")
    EXCUSED = "entschuldigt", _("entschuldigt")
    GUEST = "gast", _("Gast")


class InvitationAnswer(models.TextChoices):
    """An invitee's answer before the meeting (what was recorded afterwards is ``Attendance``)."""

    ATTEND = "zusage", _("nimmt teil")
    EXCUSED = "absage", _("entschuldigt")


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Gremium")
    )
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    video_url = models.URLField(_("Videokonferenz"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    invitations_sent_at = models.DateTimeField(_("Einladung versandt"), null=True, blank=True)
    # iCalendar SEQUENCE (RFC 5545 §3.8.7.4): raised with every revision sent to the invitees
    # (moved, agenda changed, cancelled), so calendars replace the earlier invitation.
    sequence = models.PositiveIntegerField(_("Fassung der Einladung"), default=0)

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d.%m.%Y})"

    @property
    def alliance(self) -> Alliance:
        return self.body.alliance


class MeetingStatusChange(StatusChange):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=MeetingStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=MeetingStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.from_status} → {self.to_status}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("Teilnahme"), max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()}"


class InvitationReply(models.Model):
    """An invitee's own answer to the invitation; the latest answer counts."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="replies")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_replies")
    answer = models.CharField(_("Antwort"), max_length=20, choices=InvitationAnswer.choices)
    answered_at = models.DateTimeField(_("geantwortet am"), auto_now=True)

    class Meta:
        verbose_name = _("Antwort auf die Einladung")
        verbose_name_plural = _("Antworten auf die Einladung")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="invitation_reply_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_answer_display()}"


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; replacing it revokes the old URL."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Kalender: {self.person}"
