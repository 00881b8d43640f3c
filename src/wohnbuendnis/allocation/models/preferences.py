"""What a household wishes (districts, floor, step-free access, maximum rent), stated by the
household through the housing office or by its social agency, with every earlier version kept;
the preview of nominations before they are sent, where the clerk may swap a household with a
recorded reason; and drafts of the priority list before the alliance adopts them."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models.base import MONEY, _user
from wohnbuendnis.allocation.models.configuration import PriorityScheme
from wohnbuendnis.allocation.models.households import Household
from wohnbuendnis.allocation.models.nominations import Nomination
from wohnbuendnis.allocation.models.vacancies import Vacancy
from wohnbuendnis.areas.models import Area


class HousingPreference(models.Model):
    """One stated version of a household's wishes; the newest is valid, older ones are its
    history (personal data: read through ``services.preferences``)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="preferences")
    districts = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("gewünschte Stadtteile")
    )
    max_floor = models.PositiveSmallIntegerField(_("höchstens im Geschoss"), null=True, blank=True)
    ground_floor_only = models.BooleanField(_("nur Erdgeschoss"), default=False)
    step_free = models.BooleanField(_("stufenloser Zugang gewünscht"), default=False)
    max_rent_eur = models.DecimalField(
        _("höchste Bruttowarmmiete (€/Monat)"), null=True, blank=True, **MONEY
    )
    stated_at = models.DateTimeField(_("angegeben am"))
    stated_by = _user(_("angegeben von"))

    class Meta:
        verbose_name = _("Wohnwunsch")
        verbose_name_plural = _("Wohnwünsche")
        ordering = ["-stated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.household} – {self.stated_at:%d.%m.%Y}"

    @property
    def alliance(self) -> Alliance:
        return self.household.alliance


class Mechanism(models.TextChoices):
    SHORTLIST = "shortlist", _("Benennungsliste nach Dringlichkeit")
    OPTIMAL = "optimal", _("optimale Zuordnung mehrerer Wohnungen")
    DEFERRED = "deferred-acceptance", _("Zuordnung nach den Wohnwünschen (aufgeschobene Annahme)")


class PreviewStatus(models.TextChoices):
    OPEN = "offen", _("Vorschau")
    SENT = "gesendet", _("gesendet")


class NominationPreview(models.Model):
    """The engine's proposal for one vacancy or a batch, shown before anything is sent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    mechanism = models.CharField(_("Verfahren"), max_length=30, choices=Mechanism.choices)
    nominees_per_flat = models.PositiveSmallIntegerField(_("Benannte je Wohnung"))
    scheme = models.ForeignKey(
        PriorityScheme, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("angewandte Prioritätenliste"),
    )  # fmt: skip
    vacancies = models.ManyToManyField(Vacancy, related_name="+", verbose_name=_("Wohnungen"))
    status = models.CharField(
        _("Status"), max_length=20, choices=PreviewStatus.choices, default=PreviewStatus.OPEN
    )
    created_at = models.DateTimeField(_("berechnet am"), auto_now_add=True)
    created_by = _user(_("berechnet von"))
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    sent_by = _user(_("gesendet von"))

    class Meta:
        verbose_name = _("Vorschau der Benennungen")
        verbose_name_plural = _("Vorschauen der Benennungen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.alliance} – {self.created_at:%d.%m.%Y %H:%M}"


class PreviewEntry(models.Model):
    """A household proposed for a vacancy; a swap keeps the engine's proposal and the reason."""

    preview = models.ForeignKey(NominationPreview, on_delete=models.CASCADE, related_name="entries")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("Rang"))
    points = models.PositiveSmallIntegerField(_("Punkte"))
    proposed = models.ForeignKey(
        Household, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("vom Verfahren vorgeschlagen"),
    )  # fmt: skip
    swap_reason = models.TextField(_("Grund der Abweichung"), blank=True)
    swapped_at = models.DateTimeField(_("getauscht am"), null=True, blank=True)
    swapped_by = _user(_("getauscht von"))
    nomination = models.OneToOneField(
        Nomination, on_delete=models.SET_NULL, null=True, blank=True, related_name="preview_entry"
    )

    class Meta:
        verbose_name = _("vorgeschlagener Haushalt")
        verbose_name_plural = _("vorgeschlagene Haushalte")
        ordering = ["preview", "vacancy", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["preview", "household"], name="preview_household_once")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} – Rang {self.rank}"


class PrioritySchemeDraft(models.Model):
    """A changed priority list before the alliance decides on it (generated TOML)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    toml = models.TextField(_("Regeln (TOML)"))
    based_on = models.ForeignKey(
        PriorityScheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Grundlage"),
    )  # fmt: skip
    note = models.CharField(_("Anlass der Änderung"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = _user(_("angelegt von"))
    adopted_as = models.OneToOneField(
        PriorityScheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft",
        verbose_name=_("beschlossen als"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("Entwurf der Prioritätenliste")
        verbose_name_plural = _("Entwürfe der Prioritätenliste")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.alliance} – {self.created_at:%d.%m.%Y %H:%M}"
