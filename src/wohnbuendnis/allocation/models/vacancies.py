"""Bound flats of the landlords and their vacancies, the unit the housing office nominates
households for, with each vacancy's status history."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation.models.base import MONEY, _user
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class Flat(models.Model):
    """A bound (subsidised) flat of a landlord organisation."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    landlord = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Vermieter")
    )
    label = models.CharField(_("Lage (Straße, Geschoss)"), max_length=200)
    rooms = models.DecimalField(_("Zimmer"), max_digits=3, decimal_places=1)
    area_m2 = models.DecimalField(_("Wohnfläche (m²)"), max_digits=6, decimal_places=2)
    rent_gross_eur = models.DecimalField(_("Bruttowarmmiete (€/Monat)"), **MONEY)
    step_free = models.BooleanField(_("stufenlos erreichbar"), default=False)
    wheelchair = models.BooleanField(_("rollstuhlgerecht"), default=False)
    funding_path = models.CharField(_("Förderweg"), max_length=10, default="1")
    bound_until = models.DateField(_("Belegungsbindung bis"))

    class Meta:
        verbose_name = _("gebundene Wohnung")
        verbose_name_plural = _("gebundene Wohnungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(wheelchair=False) | Q(step_free=True), name="flat_wheelchair_step_free"
            )
        ]

    def __str__(self) -> str:
        return self.label


class VacancyStatus(models.TextChoices):
    REPORTED = "gemeldet", _("gemeldet")
    NOMINATED = "benannt", _("Haushalte benannt")
    LET = "vermietet", _("vermietet")
    WITHDRAWN = "zurueckgezogen", _("zurückgezogen")


class Vacancy(models.Model):
    """A vacant bound flat reported by its landlord; the unit the housing office nominates for."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    flat = models.ForeignKey(Flat, on_delete=models.CASCADE, related_name="vacancies")
    available_from = models.DateField(_("frei ab"))
    reported_by = _user(_("gemeldet von"))
    reported_on = models.DateField(_("gemeldet am"))
    deadline = models.DateField(_("Entscheidungsfrist"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.REPORTED
    )
    rounds = models.PositiveSmallIntegerField(_("Benennungsrunden"), default=0)
    let_on = models.DateField(_("vermietet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("freie Wohnung")
        verbose_name_plural = _("freie Wohnungen")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.flat} ({self.available_from:%d.%m.%Y})"

    @property
    def alliance(self) -> Alliance:
        return self.flat.alliance


class VacancyStatusChange(StatusChange):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=VacancyStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=VacancyStatus.choices
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung (Wohnung)")
        verbose_name_plural = _("Statusänderungen (Wohnungen)")
