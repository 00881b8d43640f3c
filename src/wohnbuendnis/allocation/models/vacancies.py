"""Bound flats of the landlords and their vacancies, the unit the housing office nominates
households for, with each vacancy's status history."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation.models.base import MONEY, _user
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange
from wohnbuendnis.lib.plausibility import check_all, check_date_near_today, check_range


class Flat(models.Model):
    """A bound (subsidised) flat of a landlord organisation."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    landlord = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Vermieter")
    )
    label = models.CharField(_("Lage (Straße, Geschoss)"), max_length=200)
    # The address beside the label (flats reported before it have it only in the label) and
    # the district: where households are placed (map, monitoring, segregation index).
    street = models.CharField(_("Straße"), max_length=120, blank=True)
    house_number = models.CharField(_("Hausnummer"), max_length=10, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    district = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Stadtteil"),
    )  # fmt: skip
    rooms = models.DecimalField(_("Zimmer"), max_digits=3, decimal_places=1)
    area_m2 = models.DecimalField(_("Wohnfläche (m²)"), max_digits=6, decimal_places=2)
    rent_gross_eur = models.DecimalField(_("Bruttowarmmiete (€/Monat)"), **MONEY)
    step_free = models.BooleanField(_("stufenlos erreichbar"), default=False)
    wheelchair = models.BooleanField(_("rollstuhlgerecht"), default=False)
    funding_path = models.CharField(_("Förderweg"), max_length=10, default="1")
    floor = models.SmallIntegerField(
        _("Geschoss (0 = Erdgeschoss)"), null=True, blank=True,
        help_text=_("für die Wohnwünsche der Haushalte"),
    )  # fmt: skip
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


AREA_M2 = (10, 500)
ROOMS = (1, 12)  # in half rooms: 2,5 Zimmer is common
RENT_CAP_EUR = 10_000  # a month's gross rent above this is a typo
BINDING_YEARS = 60
FLOORS = (-1, 40)  # basement flat … high-rise


def district_choices(alliance: Alliance):
    """The areas a flat of the alliance may lie in: the districts (level "Stadtteil") of the
    alliance's municipality, i.e. below the alliance's area."""
    root = alliance.area
    return Area.objects.filter(
        pk__in=[root.pk, *root.descendant_ids()], level=AreaLevel.DISTRICT
    ).order_by("name")


def check_district(alliance: Alliance, district: Area | None) -> None:
    """A flat's district is a district of the alliance's municipality (or not given)."""
    if district is None:
        return
    if not district_choices(alliance).filter(pk=district.pk).exists():
        raise ValidationError(
            {"district": gettext("Bitte wählen Sie einen Stadtteil des Bündnisgebiets.")}
        )


def check_flat(
    data: Mapping[str, Any], available_from: datetime.date | None = None,
    alliance: Alliance | None = None,
) -> None:  # fmt: skip
    """The single-row rules of a flat (form, service and import check them): 10–500 m²,
    1–12 rooms in half rooms, a gross rent above 0 and up to 10.000 € a month, free within ten
    years of today, bound no longer than 60 years ahead; a postcode of five digits, a house
    number only with its street, and (with ``alliance``) a district of the alliance's
    municipality. A ValidationError keyed by field."""
    rooms = data.get("rooms")
    checks: list[tuple] = [
        ("area_m2", check_range, data.get("area_m2"), gettext("Die Wohnfläche"), *AREA_M2),
        ("rooms", check_range, rooms, gettext("Die Zahl der Zimmer"), *ROOMS),
        ("rent_gross_eur", check_range, data.get("rent_gross_eur"),
         gettext("Die Bruttowarmmiete"), Decimal("0.01"), RENT_CAP_EUR),
    ]  # fmt: skip
    if data.get("bound_until") is not None:
        checks.append(
            ("bound_until", check_date_near_today, data["bound_until"],
             gettext("Das Ende der Belegungsbindung"), BINDING_YEARS)
        )  # fmt: skip
    if data.get("floor") is not None:
        checks.append(("floor", check_range, data["floor"], gettext("Das Geschoss"), *FLOORS))
    if available_from is not None:
        checks.append(
            ("available_from", check_date_near_today, available_from, gettext("„Frei ab“"))
        )
    check_all(*checks)
    if rooms is not None and Decimal(rooms) % Decimal("0.5"):
        raise ValidationError({"rooms": gettext("Zimmer zählen in halben Zimmern, z. B. 2,5.")})
    postcode = str(data.get("postcode") or "")
    if postcode and not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
        raise ValidationError({"postcode": gettext("Eine Postleitzahl hat fünf Ziffern.")})
    if data.get("house_number") and not data.get("street"):
        raise ValidationError({"street": gettext("Bitte geben Sie zur Hausnummer die Straße an.")})
    if alliance is not None:
        check_district(alliance, data.get("district"))


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
