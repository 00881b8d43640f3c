"""The building-project pipeline: planned and built dwellings of each project, and the
history of its status from planning to completion."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.concept.models.base import _OfAlliance
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class ProjectStatus(models.TextChoices):
    PLANNING = "planung", _("Planung")
    BUILDING_RIGHTS = "baurecht", _("Baurecht")
    CONSTRUCTION = "bau", _("Bau")
    COMPLETED = "fertig", _("fertig")


class RentSegment(models.TextChoices):
    SUBSIDISED = "gefoerdert", _("geförderter Mietwohnungsbau")
    CAPPED = "preisgedaempft", _("preisgedämpfter Mietwohnungsbau")
    FREE = "frei", _("frei finanzierter Mietwohnungsbau")
    OWNERSHIP = "eigentum", _("Eigentumswohnungen")
    MIXED = "gemischt", _("gemischt")


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
    # the mix by rooms (need not add up to all dwellings: the mix may be known only in part)
    rooms_1 = models.PositiveIntegerField(_("1 Zimmer"), default=0)
    rooms_2 = models.PositiveIntegerField(_("2 Zimmer"), default=0)
    rooms_3 = models.PositiveIntegerField(_("3 Zimmer"), default=0)
    rooms_4 = models.PositiveIntegerField(_("4 und mehr Zimmer"), default=0)
    rent_segment = models.CharField(
        _("Mietpreissegment"), max_length=20, choices=RentSegment.choices, blank=True
    )
    # the share of subsidised dwellings the project owes (e.g. a city's 30 % quota)
    quota_percent = models.PositiveSmallIntegerField(
        _("Förderquote (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    quota_note = models.TextField(_("Begründung der Abweichung von der Quote"), blank=True)
    version = models.PositiveIntegerField(default=1)

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

    @property
    def quota_dwellings(self) -> int | None:
        """The subsidised dwellings the quota asks for (rounded up), or None without a quota."""
        if self.quota_percent is None:
            return None
        return -(-self.dwellings * self.quota_percent // 100)

    @property
    def below_quota(self) -> bool:
        quota = self.quota_dwellings
        return quota is not None and self.social_dwellings < quota


class BuildingProjectStatusChange(StatusChange):
    """``on`` is the day the project reached the status (a permit's date, say), which may lie
    before the day it was recorded (``at``)."""

    project = models.ForeignKey(BuildingProject, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=ProjectStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=ProjectStatus.choices
    )
    on = models.DateField(_("am"))

    class Meta(StatusChange.Meta):
        ordering = ["on", "at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.to_status}"
