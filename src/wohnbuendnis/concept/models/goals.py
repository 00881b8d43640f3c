"""Guidelines and goals of the concept: the goals' targets, their yearly actual values,
conflicts between goals and the organisations' positions on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.concept.models.base import Priority, _OfAlliance


class GoalNature(models.TextChoices):
    QUANTITATIVE = "quantitativ", _("quantitativ")
    QUALITATIVE = "qualitativ", _("qualitativ")


class TargetGroup(models.TextChoices):
    """The target groups of the guide (seed 003, ch. 4)."""

    ALL = "alle", _("alle Haushalte")
    FAMILIES = "familien", _("Familien")
    YOUNG = "junge_haushalte", _("junge Haushalte, Studierende")
    SENIORS = "senioren", _("Seniorinnen und Senioren")
    DISABLED = "behinderung", _("Menschen mit Behinderungen")
    REFUGEES = "gefluechtete", _("Geflüchtete")
    LOW_INCOME = "geringes_einkommen", _("Haushalte mit geringem Einkommen")


class GoalKind(models.TextChoices):
    ANNUAL = "annual", _("jährlich")
    CUMULATIVE = "cumulative", _("kumuliert")
    BAND = "band", _("Korridor")


class GoalDirection(models.TextChoices):
    UP = "up", _("mehr ist besser")
    DOWN = "down", _("weniger ist besser")


class Guideline(_OfAlliance):
    """A guideline of the concept (e.g. Quantität, Qualität, Preis, Zugang)."""

    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    name = models.CharField(_("Leitlinie"), max_length=100)
    text = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Leitlinie")
        verbose_name_plural = _("Leitlinien")
        ordering = ["alliance", "position"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="guideline_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Goal(_OfAlliance):
    """A goal; quantitative goals carry a target as in spec/monitoring.md (targets.csv)."""

    guideline = models.ForeignKey(Guideline, on_delete=models.RESTRICT, related_name="goals")
    code = models.CharField(_("Nummer"), max_length=20)
    title = models.CharField(_("Ziel"), max_length=250)
    nature = models.CharField(_("Art"), max_length=20, choices=GoalNature.choices)
    target_group = models.CharField(
        _("Zielgruppe"), max_length=30, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year_from = models.PositiveSmallIntegerField(pgettext_lazy("Jahr", "von"))
    year_to = models.PositiveSmallIntegerField(pgettext_lazy("Jahr", "bis"))
    indicator = models.SlugField(_("Indikator"), max_length=60, blank=True)
    unit = models.CharField(_("Einheit"), max_length=30, blank=True)
    target = models.FloatField(_("Zielwert"), null=True, blank=True)
    target_high = models.FloatField(_("Zielwert oben (Korridor)"), null=True, blank=True)
    kind = models.CharField(
        _("Zielart"), max_length=20, choices=GoalKind.choices, default=GoalKind.ANNUAL
    )
    direction = models.CharField(
        _("Richtung"), max_length=10, choices=GoalDirection.choices, default=GoalDirection.UP
    )
    tolerance = models.FloatField(_("Toleranz"), default=0.05)
    priority = models.CharField(
        _("Priorität"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["alliance", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="goal_code_unique"),
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")), name="goal_horizon"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class GoalMeasurement(models.Model):
    """The actual value of a goal's indicator in a year (entered, or fed by monitoring)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.FloatField(_("Istwert"))
    source = models.CharField(_("Quelle"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    # What the public pages show: the value as Koordination last released it
    # (services.release); None until the first release.
    released_value = models.FloatField(_("freigegebener Istwert"), null=True, blank=True)
    released_source = models.CharField(_("freigegebene Quelle"), max_length=200, blank=True)

    class Meta:
        ordering = ["goal", "year"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "year"], name="goal_measurement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.goal.code} {self.year}: {self.value}"


class GoalConflict(_OfAlliance):
    title = models.CharField(_("Zielkonflikt"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    goals = models.ManyToManyField(Goal, related_name="conflicts", blank=True)
    agreed_handling = models.TextField(_("vereinbarter Umgang"), blank=True)

    class Meta:
        verbose_name = _("Zielkonflikt")
        verbose_name_plural = _("Zielkonflikte")

    def __str__(self) -> str:
        return self.title


class ConflictPosition(models.Model):
    conflict = models.ForeignKey(GoalConflict, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    position = models.TextField(_("Position"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("eingetragen am"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conflict", "organisation"], name="conflict_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.position[:40]}"
