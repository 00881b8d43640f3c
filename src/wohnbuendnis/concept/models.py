"""The action concept (Handlungskonzept Wohnen): guidelines, goals, conflicts, action fields,
measures, self-commitments and the building-project pipeline."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wohnbuendnis.alliance.models import Alliance, Body, Organisation
from wohnbuendnis.lib.history import StatusChange


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


class ProjectStatus(models.TextChoices):
    PLANNING = "planung", _("Planung")
    BUILDING_RIGHTS = "baurecht", _("Baurecht")
    CONSTRUCTION = "bau", _("Bau")
    COMPLETED = "fertig", _("fertig")


class _OfAlliance(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conflict", "organisation"], name="conflict_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.position[:40]}"


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
    from_status = models.CharField(max_length=20, choices=MeasureStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MeasureStatus.choices)
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


class Commitment(_OfAlliance):
    """A self-commitment with numbered guidelines that organisations sign."""

    title = models.CharField(_("Selbstverpflichtung"), max_length=200)
    text = models.TextField(_("Text"))
    adopted_on = models.DateField(_("beschlossen am"))

    class Meta:
        verbose_name = _("Selbstverpflichtung")
        verbose_name_plural = _("Selbstverpflichtungen")

    def __str__(self) -> str:
        return self.title


class CommitmentSignature(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("unterzeichnet am"))
    signed_by = models.CharField(_("unterzeichnet von"), max_length=200)

    class Meta:
        ordering = ["commitment", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"], name="commitment_signature_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.commitment}"

    @property
    def alliance(self) -> Alliance:
        return self.commitment.alliance


class CommitmentReport(models.Model):
    """A signatory's yearly progress statement."""

    signature = models.ForeignKey(
        CommitmentSignature, on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    text = models.TextField(_("Fortschrittsbericht"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["signature", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["signature", "year"], name="commitment_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.signature} {self.year}"


class BuildingProject(_OfAlliance):
    name = models.CharField(_("Vorhaben"), max_length=200)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    developer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dwellings = models.PositiveIntegerField(_("Wohneinheiten"))
    social_dwellings = models.PositiveIntegerField(_("davon gefördert"), default=0)
    binding_years = models.PositiveSmallIntegerField(_("Bindungsdauer (Jahre)"), null=True)
    accessible_dwellings = models.PositiveIntegerField(_("davon barrierefrei"), default=0)
    status = models.CharField(
        _("Status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING
    )
    expected_completion = models.PositiveSmallIntegerField(_("Fertigstellung erwartet"))

    class Meta:
        verbose_name = _("Bauvorhaben")
        verbose_name_plural = _("Bauvorhaben")
        ordering = ["alliance", "expected_completion", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(social_dwellings__lte=models.F("dwellings")),
                name="project_social_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BuildingProjectStatusChange(models.Model):
    project = models.ForeignKey(BuildingProject, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    on = models.DateField(_("am"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.to_status}"


class EvaluationStatus(models.TextChoices):
    OPEN = "offen", _("in Bearbeitung")
    FROZEN = "festgeschrieben", _("festgeschrieben")


class EvaluationPeriod(_OfAlliance):
    """An evaluation of the goals over some years; frozen, it is a dated, unchangeable record."""

    title = models.CharField(_("Evaluation"), max_length=200)
    year_from = models.PositiveSmallIntegerField(pgettext_lazy("Jahr", "von"))
    year_to = models.PositiveSmallIntegerField(pgettext_lazy("Jahr", "bis"))
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.OPEN,
    )
    frozen_on = models.DateField(_("festgeschrieben am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Evaluation")
        verbose_name_plural = _("Evaluationen")
        ordering = ["-year_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")),
                name="evaluation_period_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationStatusChange(models.Model):
    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=EvaluationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EvaluationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.from_status} → {self.to_status}"


class GoalAssessment(models.Model):
    """The steering group's assessment of one goal in an evaluation, and – once frozen – the
    goal's computed result kept as it was on that day."""

    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.CASCADE, related_name="assessments"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments")
    text = models.TextField(_("Bewertung"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    actual = models.FloatField(_("Istwert"), null=True, blank=True)
    target = models.FloatField(_("Soll"), null=True, blank=True)
    result = models.CharField(_("Ergebnis"), max_length=20, blank=True)
    good = models.BooleanField(null=True)
    # where the frozen actual value came from: "monitoring" or "manuell", and its source text
    actual_source = models.CharField(_("Herkunft des Istwerts"), max_length=20, blank=True)
    actual_detail = models.CharField(_("Quelle des Istwerts"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Bewertung eines Ziels")
        verbose_name_plural = _("Bewertungen der Ziele")
        ordering = ["goal__guideline__position", "goal__code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "goal"], name="goal_assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.goal.code}"
