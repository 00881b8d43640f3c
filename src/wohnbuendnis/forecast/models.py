"""Forecast: assumption sets (Annahmen-Sets), input data, runs and their stored results.

Results are stored twice, each for what it is good at: the engine's output tables (forecast.md,
"Outputs") as Parquet files in one ZIP archive under MEDIA_ROOT (every single age, for the
pyramid and the downloads; ≈ 1 MB for a city of 20 districts), and one :class:`ResultRow` per
scenario × area × year in the database (totals, broad age groups, bandwidth, households and
housing demand: the few hundred numbers the result pages and other modules query).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange

CITY = ""  # ResultRow.area_key of the whole municipality (sum of its areas)


class Component(models.TextChoices):
    """The components an assumption set multiplies (the engine's scenario components)."""

    FERTILITY = "fertility", _("Geburten (Fertilität)")
    MORTALITY = "mortality", _("Sterblichkeit")
    IMMIGRATION = "immigration", _("Zuzüge von außerhalb")
    EMIGRATION = "emigration", _("Fortzüge nach außerhalb")


class Method(models.TextChoices):
    """The engine's methods (``method`` in scenario.toml, forecast.md); the key stays in the
    file and the database, people read the label."""

    MUNICIPAL = "municipal", _("kommunale Kohorten-Komponenten-Methode (jährlich)")
    CCMPP_UN = "ccmpp-un", _("Kohorten-Komponenten-Methode der UN (CCMPP)")


def method_label(key: str) -> str:
    """The German name of an engine method (a method the platform does not know: its key)."""
    return str(Method(key).label) if key in Method.values else key


class AssumptionStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")


class AssumptionSet(models.Model):
    """A scenario: one multiplier path per component, each with its source and justification."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="assumption_sets"
    )
    name = models.SlugField(_("Kurzname"), max_length=40, help_text=_("z. B. niedrig, mittel"))
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=AssumptionStatus.choices,
        default=AssumptionStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Annahmen-Set")
        verbose_name_plural = _("Annahmen-Sets")
        ordering = ["alliance", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="assumption_set_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.name})"


class Assumption(models.Model):
    """A multiplier path of one component: ``path`` is ``[[year, multiplier], …]``, ascending,
    linear in between and constant outside (1.0 = the rates of the input data)."""

    assumption_set = models.ForeignKey(
        AssumptionSet, on_delete=models.CASCADE, related_name="assumptions"
    )
    component = models.CharField(_("Komponente"), max_length=20, choices=Component.choices)
    path = models.JSONField(_("Multiplikatoren je Jahr"))
    source = models.CharField(_("Quelle"), max_length=300)
    justification = models.TextField(_("Begründung"))

    class Meta:
        verbose_name = _("Annahme")
        verbose_name_plural = _("Annahmen")
        ordering = ["assumption_set", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["assumption_set", "component"], name="assumption_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assumption_set.name}: {self.get_component_display()}"

    @property
    def path_text(self) -> str:
        return "; ".join(f"{year} = {value:g}" for year, value in self.path)


class AssumptionComment(models.Model):
    assumption_set = models.ForeignKey(
        AssumptionSet, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(_("geschrieben"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kommentar zu Annahmen")
        verbose_name_plural = _("Kommentare zu Annahmen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


def _input_path(instance: InputData, filename: str) -> str:
    return f"forecast/inputs/{instance.alliance_id}/{filename}"


class InputData(models.Model):
    """An input folder of the engine (forecast.md) as a ZIP archive, validated on upload."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="forecast_inputs"
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("Gebiet")
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    archive = models.FileField(_("ZIP-Archiv"), upload_to=_input_path)
    method = models.CharField(_("Methode"), max_length=20)
    base_year = models.PositiveSmallIntegerField(_("Basisjahr"))
    horizon = models.PositiveSmallIntegerField(_("Prognosehorizont"))
    area_count = models.PositiveIntegerField(_("Teilgebiete"))
    population = models.PositiveIntegerField(_("Bevölkerung im Basisjahr"))
    observed_years = models.JSONField(_("weitere beobachtete Jahre"), default=list)
    municipalities = models.BooleanField(
        _("Gemeinden der Region aus dem Monitoring"),
        default=False,
        help_text=_(
            "Aus den Zahlen der Gemeinden im Monitoring abgeleitet (regionsweite Prognose), "
            "nicht hochgeladen."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("hochgeladen"), auto_now_add=True)

    class Meta:
        verbose_name = _("Eingangsdaten")
        verbose_name_plural = _("Eingangsdaten")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "wartend", _("wartet")
    RUNNING = "laeuft", _("läuft")
    DONE = "fertig", _("fertig")
    FAILED = "fehlgeschlagen", _("fehlgeschlagen")


def _result_path(instance: ForecastRun, filename: str) -> str:
    return f"forecast/runs/{instance.alliance_id}/{filename}"


class CompletionsSource(models.TextChoices):
    """Where a run takes the planned completions of new dwellings from."""

    INPUTS = "inputs", _("Fertigstellungsplan der Eingangsdaten (completions_plan.csv)")
    PROJECTS = "projects", _("Bauvorhaben des Handlungskonzepts (über das Monitoring)")


class BaseSource(models.TextChoices):
    """Where a run takes the totals of its base year from."""

    INPUTS = "inputs", _("Eingangsdaten, wie hochgeladen")
    MONITORING = (
        "monitoring",
        _(
            "Monitoring: Einwohner, Haushalte und Wohnungen je Gebiet "
            "(Struktur aus den Eingangsdaten)"
        ),
    )


class ForecastRun(models.Model):
    """One computation of the engine for some assumption sets; a background task."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="forecast_runs"
    )
    title = models.CharField(_("Titel"), max_length=200)
    inputs = models.ForeignKey(
        InputData, on_delete=models.PROTECT, related_name="runs", verbose_name=_("Eingangsdaten")
    )
    assumption_sets = models.ManyToManyField(
        AssumptionSet, related_name="runs", verbose_name=_("Annahmen-Sets")
    )
    method = models.CharField(_("Methode"), max_length=20)
    horizon = models.PositiveSmallIntegerField(_("Prognosehorizont"))
    draws = models.PositiveIntegerField(_("Zufallsziehungen"), default=0)
    seed = models.PositiveIntegerField(_("Startwert"), default=0)
    backtest_year = models.PositiveSmallIntegerField(_("Rückrechnung ab"), null=True, blank=True)
    completions_source = models.CharField(
        _("Geplante Fertigstellungen"),
        max_length=20,
        choices=CompletionsSource.choices,
        default=CompletionsSource.INPUTS,
    )
    base_source = models.CharField(
        _("Ausgangswerte des Basisjahres"),
        max_length=20,
        choices=BaseSource.choices,
        default=BaseSource.INPUTS,
    )
    housing_led = models.BooleanField(
        _("Wohnungsbasierte Variante"),
        default=False,
        help_text=_(
            "Die Zuzüge jedes Gebiets werden so bemessen, dass die Bevölkerung die geplanten "
            "Wohnungen bewohnt (Bestand mit geplanten Fertigstellungen ÷ (1 + "
            "Fluktuationsreserve) × Haushaltsgröße der Trendvariante)."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    message = models.CharField(_("Meldung"), max_length=300, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    published = models.BooleanField(_("öffentlich"), default=False)
    results = models.FileField(_("Ergebnisdateien"), upload_to=_result_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("gestartet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Prognoselauf")
        verbose_name_plural = _("Prognoseläufe")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def method_label(self) -> str:
        return method_label(self.method)

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class RunStatusChange(StatusChange):
    """History of a run's status (who started it, when it ran, why it failed)."""

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=RunStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=RunStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.run_id}: {self.from_status} → {self.to_status}"


class ResultRow(models.Model):
    """Summary of one scenario × area × year (persons on 31.12.; dwellings).

    ``area_key`` is the engine's area (the key of a sub-area) or :data:`CITY` for the sum.
    ``p05 … p95`` are quantiles of the population over the stochastic draws (if any).
    """

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="rows")
    scenario = models.CharField(max_length=40)
    area_key = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField()
    population = models.FloatField()
    age_0_17 = models.FloatField()
    age_18_64 = models.FloatField()
    age_65_plus = models.FloatField()
    households = models.FloatField(null=True)
    household_population = models.FloatField(null=True)
    target_stock = models.FloatField(null=True)
    stock = models.FloatField(null=True)
    new_construction_need = models.FloatField(null=True)
    completions = models.FloatField(null=True)
    balance = models.FloatField(null=True)
    p05 = models.FloatField(null=True)
    p25 = models.FloatField(null=True)
    p50 = models.FloatField(null=True)
    p75 = models.FloatField(null=True)
    p95 = models.FloatField(null=True)

    class Meta:
        ordering = ["run", "scenario", "area_key", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "scenario", "area_key", "year"], name="result_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario} {self.area_key or 'Gesamt'} {self.year}"

    @property
    def average_size(self) -> float | None:
        if not self.households:
            return None
        return (self.household_population or 0.0) / self.households


class BacktestRow(models.Model):
    """Accuracy of the method: projected from ``run.backtest_year`` against observed years."""

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="backtest")
    area_key = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField()
    observed = models.FloatField()
    projected = models.FloatField()
    ape_total = models.FloatField()
    weighted_ape = models.FloatField()

    class Meta:
        ordering = ["run", "area_key", "year"]

    def __str__(self) -> str:
        return f"{self.area_key or 'Gesamt'} {self.year}"


class ProjectionComparison(models.TextChoices):
    """How an official projection is set beside the alliance's own forecast."""

    ABSOLUTE = "absolut", _("Zahlen: die Vorausberechnung gilt für das Gebiet des Bündnisses")
    INDEX = (
        "entwicklung",
        _(
            "Entwicklung: ein größeres Gebiet (Land, Bund), auf das Basisjahr der eigenen "
            "Prognose umgerechnet"
        ),
    )


class OfficialProjection(models.Model):
    """An official population projection (Destatis, a state office): the total population per
    year, imported from a CSV file and shown beside the alliance's own forecast."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="official_projections"
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    source = models.CharField(_("Quelle"), max_length=300)
    region = models.CharField(_("Gebiet laut Datei"), max_length=200, blank=True)
    variant = models.CharField(_("Variante"), max_length=300, blank=True)
    layout = models.CharField(_("Dateiformat"), max_length=20)
    comparison = models.CharField(
        _("Vergleich"),
        max_length=20,
        choices=ProjectionComparison.choices,
        default=ProjectionComparison.ABSOLUTE,
    )
    values = models.JSONField(_("Bevölkerung je Jahr"))  # [[year, persons], …], ascending
    file_name = models.CharField(_("Datei"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("hochgeladen"), auto_now_add=True)

    class Meta:
        verbose_name = _("Amtliche Vorausberechnung")
        verbose_name_plural = _("Amtliche Vorausberechnungen")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title
