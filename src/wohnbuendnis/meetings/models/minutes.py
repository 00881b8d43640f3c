"""Minutes of a meeting and their approval: how a body approves them, the minutes with
status history, the text per agenda item with every earlier version, and the attendees'
amendments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Body, Person
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange
from wohnbuendnis.meetings.models.agenda import AgendaItem
from wohnbuendnis.meetings.models.meetings import Meeting


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
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=MinutesStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=MinutesStatus.choices
    )

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
