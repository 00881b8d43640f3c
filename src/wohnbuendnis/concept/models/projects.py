"""The building-project pipeline: planned and built dwellings of each project, and the
history of its status from planning to completion."""

from __future__ import annotations

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
