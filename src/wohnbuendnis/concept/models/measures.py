"""Action fields and measures of the concept: who leads a measure, what it costs, its
status with history, and its milestones."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Body, Organisation
from wohnbuendnis.concept.models.base import Priority, _OfAlliance
from wohnbuendnis.concept.models.goals import Goal, Guideline
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class ActionFieldKind(models.TextChoices):
    """The guide's taxonomy of measures (ch. 4)."""

    TARGET_GROUP = "zielgruppe", _("zielgruppenbezogene Maßnahmen")
    MARKET = "markt", _("marktbezogene Maßnahmen")
    QUARTER = "quartier", _("quartiersbezogene Maßnahmen")


class MeasureStatus(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
    DONE = "umgesetzt", _("umgesetzt")
    DEFERRED = "zurueckgestellt", _("zurückgestellt")
    DROPPED = "verworfen", _("verworfen")


class ActionField(_OfAlliance):
    kind = models.CharField(_("Art"), max_length=20, choices=ActionFieldKind.choices)
    name = models.CharField(_("Handlungsfeld"), max_length=150)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["alliance", "position"]

    def __str__(self) -> str:
        return self.name


class Measure(_OfAlliance):
    """A measure (Handlungsempfehlung) of the concept."""

    number = models.PositiveSmallIntegerField(_("Nr."))
    title = models.CharField(_("Maßnahme"), max_length=250)
    description = models.TextField(_("Beschreibung"), blank=True)
    guideline = models.ForeignKey(Guideline, on_delete=models.RESTRICT, related_name="measures")
    action_field = models.ForeignKey(
        ActionField, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    goals = models.ManyToManyField(Goal, related_name="measures", blank=True)
    lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("federführend")
    )
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    partners = models.ManyToManyField(Organisation, related_name="+", blank=True)
    cost_eur = models.DecimalField(
        _("Kosten (EUR)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    funding = models.CharField(_("Finanzierung"), max_length=200, blank=True)
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    priority = models.CharField(
        _("Priorität"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    # no area: the measure applies city-wide (to the alliance's whole area)
    areas = models.ManyToManyField(
        "areas.Area", related_name="+", blank=True, verbose_name=_("Gebietsbezug")
    )
    pros = models.TextField(_("Vorteile"), blank=True)
    cons = models.TextField(_("Nachteile"), blank=True)
    # raised by every edit: a save based on an older version is refused (two coordinators)
    version = models.PositiveIntegerField(default=1)
    # What the public pages show: status and progress as Koordination last released them
    # (services.release); blank/None until the first release.
    released_status = models.CharField(
        _("freigegebener Status"), max_length=20, choices=MeasureStatus.choices, blank=True
    )
    released_progress = models.PositiveSmallIntegerField(
        _("freigegebener Fortschritt (%)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["alliance", "number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="measure_number_unique"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="measure_progress"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeasureStatusChange(StatusChange):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=MeasureStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=MeasureStatus.choices
    )
    progress = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.from_status} → {self.to_status}"


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Meilenstein"), max_length=200)
    due = models.DateField(_("geplant bis"))
    reached_on = models.DateField(_("erreicht am"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "due"]

    def __str__(self) -> str:
        return self.title

    @property
    def alliance(self):
        """The measure's alliance (the permission rules ask for it)."""
        return self.measure.alliance
