"""Indicator catalogue, observations with provenance and correction history, imports and the
alliance's traffic-light thresholds (Wohnungsmarktbeobachtung, guide ch. 3.5 and 4.3.7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.monitoring.engine import AggregationRule, RuleKind


class Topic(models.TextChoices):
    POPULATION = "bevoelkerung", _("Bevölkerung")
    HOUSEHOLDS = "haushalte", _("Haushalte")
    STOCK = "bestand", _("Wohnungsbestand")
    CONSTRUCTION = "bautaetigkeit", _("Bautätigkeit")
    SOCIAL_HOUSING = "gefoerdert", _("Geförderter Wohnungsbau")
    PRICES = "preise", _("Mieten und Preise")
    SOCIAL = "soziale_lage", _("Soziale Lage")
    LAND = "bauland", _("Bauland")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("höher ist besser")
    HIGHER_WORSE = "higher_worse", _("höher ist schlechter")
    NEUTRAL = "neutral", _("neutral")


class Aggregation(models.TextChoices):
    SUM = RuleKind.SUM.value, _("Summe")
    WEIGHTED_MEAN = RuleKind.WEIGHTED_MEAN.value, _("gewichtetes Mittel")
    RATIO = RuleKind.RATIO.value, _("aus Zähler und Nenner neu berechnet")
    NONE = RuleKind.NONE.value, _("nicht aggregierbar")


class ValueRange(models.TextChoices):
    ANY = "any", _("beliebig")
    NON_NEGATIVE = "non_negative", _("nicht negativ")
    PERCENT = "percent", _("Prozent (0–100)")


class IndicatorQuerySet(models.QuerySet):
    def for_alliance(self, alliance) -> IndicatorQuerySet:
        """The catalogue and the alliance's own indicators: another alliance's own indicators
        are never listed, offered or shown."""
        return self.filter(models.Q(alliance__isnull=True) | models.Q(alliance=alliance))


class Indicator(models.Model):
    """One entry of the indicator catalogue; its texts are shown next to every chart."""

    key = models.SlugField(_("Schlüssel"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    topic = models.CharField(_("Themenfeld"), max_length=20, choices=Topic.choices)
    definition = models.TextField(_("Definition"))
    unit = models.CharField(_("Einheit"), max_length=40)
    source = models.CharField(_("Quelle"), max_length=300)
    direction = models.CharField(
        _("Richtung"), max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    aggregation = models.CharField(
        _("Aggregation"), max_length=20, choices=Aggregation.choices, default=Aggregation.NONE
    )
    weight = models.CharField(_("Gewicht (Indikator)"), max_length=60, default="population")
    numerator = models.CharField(_("Zähler (Indikator)"), max_length=60, blank=True)
    denominator = models.CharField(_("Nenner (Indikator)"), max_length=60, blank=True)
    scale = models.FloatField(_("Faktor"), default=1.0)
    value_range = models.CharField(
        _("Wertebereich"), max_length=20, choices=ValueRange.choices, default=ValueRange.ANY
    )
    decimals = models.PositiveSmallIntegerField(_("Nachkommastellen"), default=1)
    reading_aid = models.TextField(_("Lesehilfe"))
    is_key_figure = models.BooleanField(_("Kennzahl im Barometer"), default=False)
    is_public = models.BooleanField(_("öffentlich"), default=False)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    # empty: an indicator of the catalogue; else defined by this alliance for its own goals
    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        verbose_name=_("Bündnis"),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.name

    def rule(self) -> AggregationRule:
        """The aggregation rule for the analytics engine."""
        return AggregationRule(
            kind=RuleKind(self.aggregation),
            weight=self.weight or "population",
            numerator=self.numerator or None,
            denominator=self.denominator or None,
            scale=self.scale,
        )


class ImportKind(models.TextChoices):
    OBSERVATIONS = "observations", _("Beobachtungen (observations.csv)")
    GENESIS = "genesis", _("GENESIS/Regionalstatistik-Tabelle (CSV, ; und Latin-1)")
    KOELN = "koeln_population", _("Stadt Köln: Bevölkerung nach Stadtteilen (CSV)")
    HAMBURG = "hamburg_profile", _("Hamburg: Stadtteil-Profile (CSV)")
    KIEL_POPULATION = "kiel_population", _("Kiel: Einwohner nach Stadtteilen (CSV)")
    KIEL_HOUSEHOLDS = "kiel_households", _("Kiel: Haushalte nach Haushaltstypen (CSV)")
    KONSTANZ = "konstanz", _("Konstanz in Zahlen: Ordner „data“ als ZIP-Archiv")
    ZENSUS = "zensus_municipalities", _("Zensus 2022: Bevölkerung der Gemeinden (CSV)")
    ZENSUS_RENT = "zensus_rent", _("Zensus 2022: Nettokaltmiete der Gemeinden (CSV)")
    BOUNDARIES = "boundaries", _("Gebietsgrenzen (GeoJSON)")


class ImportBatch(models.Model):
    """One committed import: which file, what it changed, who, when."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="monitoring_imports"
    )
    file_name = models.CharField(_("Datei"), max_length=255)
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    kind = models.CharField(_("Art"), max_length=30, choices=ImportKind.choices)
    rows = models.PositiveIntegerField(_("Zeilen"), default=0)
    created = models.PositiveIntegerField(_("neu"), default=0)
    updated = models.PositiveIntegerField(_("geändert"), default=0)
    unchanged = models.PositiveIntegerField(_("unverändert"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("importiert am"), auto_now_add=True)
    # An import undone: its new values were removed and its changed values set back (the
    # revisions keep both); the batch stays as the record of what happened.
    undone_at = models.DateTimeField(_("rückgängig gemacht am"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Observation(models.Model):
    """The value of one indicator in one area and year, with its provenance."""

    # No single-column indexes on indicator and area: the unique key (indicator, area, year)
    # and observation_area_idx (area, indicator, year) lead with them, and every index less
    # makes a large import faster (docs/performance.md).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.FloatField(_("Wert"))
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now=True)

    class Meta:
        verbose_name = _("Beobachtung")
        verbose_name_plural = _("Beobachtungen")
        ordering = ["indicator", "area", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="observation_unique_key"
            ),
        ]
        indexes = [models.Index(fields=["area", "indicator", "year"], name="observation_area_idx")]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.area} {self.year}: {self.value:g}"


class ObservationRevision(models.Model):
    """A correction of an observation (by a person or by a later import): the history."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.FloatField(_("alter Wert"))
    new_value = models.FloatField(_("neuer Wert"))
    reason = models.TextField(_("Begründung"), blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    # The import the old value came from: an undone import gives the value back with it.
    previous_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("geändert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Korrektur")
        verbose_name_plural = _("Korrekturen")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.old_value:g} → {self.new_value:g}"


class IndexSettings(models.Model):
    """The alliance's settings of the small-area index (spec/monitoring.md): which indicators,
    the lag of the dynamics, the minimum population of a scored area. Append-only: the newest
    row of an alliance is in force, the older ones are its history."""

    DEFAULT_INDICATORS = ("sgb2_rate", "unemployment_rate", "child_poverty_rate")

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="monitoring_index_settings"
    )
    indicators = models.JSONField(_("Indikatoren"), default=list)
    dynamics_lag = models.PositiveSmallIntegerField(_("Abstand der Dynamik (Jahre)"), default=2)
    min_population = models.PositiveIntegerField(_("Mindestzahl der Einwohner"), default=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("geändert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Einstellungen des Sozialmonitorings")
        verbose_name_plural = _("Einstellungen des Sozialmonitorings")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(self.indicators)


class Light(models.TextChoices):
    GREEN = "gruen", _("grün")
    AMBER = "gelb", _("gelb")
    RED = "rot", _("rot")


class Threshold(models.Model):
    """The alliance's traffic-light bounds for one indicator.

    ``green`` and ``red`` are the bounds of the good and the bad range: when ``green < red``
    lower values are better (value ≤ green → green, value ≥ red → red), otherwise higher values
    are better (value ≥ green → green, value ≤ red → red); between them the light is amber.
    """

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="monitoring_thresholds"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="thresholds")
    green = models.FloatField(_("Grenze grün"))
    red = models.FloatField(_("Grenze rot"))
    note = models.CharField(_("Begründung"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Schwellenwert")
        verbose_name_plural = _("Schwellenwerte")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "indicator"], name="threshold_unique"),
            models.CheckConstraint(condition=~Q(green=models.F("red")), name="threshold_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.green:g} / {self.red:g}"

    def light(self, value: float) -> Light:
        if self.green < self.red:
            good, bad = value <= self.green, value >= self.red
        else:
            good, bad = value >= self.green, value <= self.red
        return Light.GREEN if good else Light.RED if bad else Light.AMBER
