"""Meetings of an alliance's bodies: agenda, attendance, minutes and their approval, resolutions."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Body, Person
from wohnbuendnis.lib.history import StatusChange


class MeetingStatus(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    INVITED = "eingeladen", _("eingeladen")
    HELD = "stattgefunden", _("stattgefunden")
    CANCELLED = "abgesagt", _("abgesagt")


class AttendanceStatus(models.TextChoices):
    PRESENT = "anwesend", _("anwesend")
    EXCUSED = "entschuldigt", _("entschuldigt")
    GUEST = "gast", _("Gast")


class MinutesStatus(models.TextChoices):
    DRAFTED = "entwurf", _("Entwurf")
    CIRCULATED = "umlauf", _("im Umlauf")
    COMMENTED = "kommentiert", _("kommentiert")
    APPROVED = "freigegeben", _("freigegeben")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")


class AmendmentStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    ACCEPTED = "angenommen", _("angenommen")
    REJECTED = "abgelehnt", _("abgelehnt")


class MinutesField(models.TextChoices):
    DECISIONS = "decisions", _("Beschlüsse")
    RESULTS = "results", _("Ergebnisse")
    TASKS = "tasks", _("Aufgaben")


class ApprovalMode(models.TextChoices):
    EXPLICIT = "explizit", _("ausdrücklich durch den Vorsitz in der nächsten Sitzung")
    TACIT = "stillschweigend", _("stillschweigend, wenn die Frist ohne Einwand abläuft")


class BodyMinutesPolicy(models.Model):
    """How a body approves its minutes (the alliance app's ``Body`` stays unchanged)."""

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="minutes_policy", verbose_name=_("Gremium")
    )
    approval_mode = models.CharField(
        _("Freigabe der Protokolle"),
        max_length=20,
        choices=ApprovalMode.choices,
        default=ApprovalMode.EXPLICIT,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Protokollregel eines Gremiums")
        verbose_name_plural = _("Protokollregeln der Gremien")

    def __str__(self) -> str:
        return f"{self.body}: {self.get_approval_mode_display()}"


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
    from_status = models.CharField(max_length=20, choices=MeetingStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MeetingStatus.choices)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.from_status} → {self.to_status}"


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


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; replacing it revokes the old URL."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Kalender: {self.person}"


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("Status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFTED
    )
    minute_taker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("Protokoll")
    )
    deadline = models.DateField(_("Rückmeldungen bis"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freigegeben von"),
    )
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    tacitly_approved = models.BooleanField(_("stillschweigend freigegeben"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    public_summary = models.TextField(_("öffentliche Zusammenfassung"), blank=True)

    class Meta:
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")

    def __str__(self) -> str:
        return f"Protokoll: {self.meeting}"

    @property
    def alliance(self) -> Alliance:
        return self.meeting.body.alliance


class MinutesStatusChange(StatusChange):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=MinutesStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MinutesStatus.choices)

    def __str__(self) -> str:
        return f"{self.minutes_id}: {self.from_status} → {self.to_status}"


class MinutesItem(models.Model):
    """The minutes of one agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="minutes_item"
    )
    decisions = models.TextField(_("Beschlüsse"), blank=True)
    results = models.TextField(_("Ergebnisse"), blank=True)
    tasks = models.TextField(_("Aufgaben"), blank=True)

    class Meta:
        ordering = ["agenda_item__position"]

    def __str__(self) -> str:
        return str(self.agenda_item)

    @property
    def alliance(self) -> Alliance:
        return self.minutes.alliance


class MinutesItemRevision(models.Model):
    """The text of a minutes field before an accepted amendment changed it: every version kept."""

    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="revisions")
    field = models.CharField(max_length=20, choices=MinutesField.choices)
    old_text = models.TextField()
    new_text = models.TextField()
    amendment = models.ForeignKey("Amendment", on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.field} {self.at:%Y-%m-%d %H:%M}"


class Amendment(models.Model):
    """An attendee's proposal to change a passage of circulated minutes."""

    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(_("Abschnitt"), max_length=20, choices=MinutesField.choices)
    passage = models.TextField(_("Textstelle"))
    proposal = models.TextField(_("Vorschlag"))
    reason = models.TextField(_("Begründung"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.OPEN
    )
    reply = models.TextField(_("Antwort"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Änderungsvorschlag")
        verbose_name_plural = _("Änderungsvorschläge")
        ordering = ["proposed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.passage[:40]}"

    @property
    def alliance(self) -> Alliance:
        return self.item.minutes.alliance


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
    from_status = models.CharField(max_length=20, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=TaskStatus.choices)

    def __str__(self) -> str:
        return f"{self.task_id}: {self.from_status} → {self.to_status}"


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


class PressRelease(models.Model):
    """A press release of the alliance; the public sees it only once it is published."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="press_releases", verbose_name=_("Bündnis")
    )
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"))
    date = models.DateField(_("Datum"))
    published = models.BooleanField(_("veröffentlicht"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("veröffentlicht von"),
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Pressemitteilung")
        verbose_name_plural = _("Pressemitteilungen")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title
