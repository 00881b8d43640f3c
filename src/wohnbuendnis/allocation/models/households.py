"""The applicant register: households with their personal data, the priority-list
criteria claimed for them, reminders before their housing entitlement expires, and
their status history."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation.models.base import MONEY, _user
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange
from wohnbuendnis.lib.plausibility import check_all, check_date_near_today, check_range


class HouseholdStatus(models.TextChoices):
    ACTIVE = "aktiv", _("aktiv")
    RESERVED = "vorgemerkt", _("vorgemerkt (benannt)")
    HOUSED = "versorgt", _("versorgt")
    DORMANT = "ruhend", _("ruhend")
    DEREGISTERED = "abgemeldet", _("abgemeldet")


CLOSED_STATUSES = (HouseholdStatus.HOUSED, HouseholdStatus.DEREGISTERED)


class HouseholdType(models.TextChoices):
    SINGLE = "allein", _("alleinstehend")
    COUPLE = "paar", _("Paar ohne Kinder")
    FAMILY = "familie", _("Paar mit Kindern")
    SINGLE_PARENT = "alleinerziehend", _("alleinerziehend")
    OTHER = "sonstige", _("sonstige Haushaltsform")


class NationalityGroup(models.TextChoices):
    """Coarse groups, recorded only for the non-discrimination audit (voluntary)."""

    GERMAN = "deutsch", _("deutsch")
    EU = "eu", _("EU-Staat")
    THIRD_COUNTRY = "drittstaat", _("Drittstaat")
    UNKNOWN = "keine_angabe", _("keine Angabe")


class Household(models.Model):
    """A registered applicant household (personal data; read only through services)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(_("Aktenzeichen"), max_length=20, unique=True)
    name = models.CharField(_("Name der antragstellenden Person"), max_length=200)
    contact = models.CharField(_("Kontakt"), max_length=200, blank=True)
    registered_on = models.DateField(_("registriert am"))
    registered_by = _user(_("registriert von"))
    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("gemeldet durch Sozialträger"),
    )  # fmt: skip
    consent_text = models.TextField(_("Einwilligung (Wortlaut)"), blank=True)
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    consent_by = _user(_("Einwilligung aufgenommen von"))
    persons = models.PositiveSmallIntegerField(_("Personen im Haushalt"))
    children = models.PositiveSmallIntegerField(_("davon Kinder unter 18"), default=0)
    income_eur = models.DecimalField(_("Jahreseinkommen (€)"), **MONEY)
    entitlement_valid_until = models.DateField(
        _("Wohnberechtigungsschein gültig bis"), null=True, blank=True
    )
    needs_step_free = models.BooleanField(_("braucht stufenlosen Zugang"), default=False)
    needs_wheelchair = models.BooleanField(_("braucht rollstuhlgerechte Wohnung"), default=False)
    household_type = models.CharField(
        _("Haushaltsform"), max_length=20, choices=HouseholdType.choices
    )
    nationality_group = models.CharField(
        _("Staatsangehörigkeit (Gruppe)"), max_length=20, choices=NationalityGroup.choices,
        default=NationalityGroup.UNKNOWN,
    )  # fmt: skip
    points = models.PositiveSmallIntegerField(_("Dringlichkeitspunkte"), default=0, editable=False)
    verified_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    verified_by = _user(_("geprüft von"))
    status = models.CharField(
        _("Status"), max_length=20, choices=HouseholdStatus.choices, default=HouseholdStatus.ACTIVE
    )
    status_changed_at = models.DateTimeField(_("Status seit"))
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("wohnungssuchender Haushalt")
        verbose_name_plural = _("wohnungssuchende Haushalte")
        ordering = ["-points", "registered_on", "id"]
        indexes = [models.Index(fields=["alliance", "status"], name="household_alliance_status")]

    def __str__(self) -> str:
        return self.reference  # never the name: __str__ ends up in logs and admin messages

    @property
    def has_disability(self) -> bool:
        return self.needs_step_free or self.needs_wheelchair


# What a social agency's client consents to (its scope); shown beside the checkbox of the
# registration form and stored with who took the consent and when (Art. 6(1)(a), 9(2)(a) GDPR).
CONSENT_WORDING = _(
    "Ich willige ein, dass meine Angaben zur Vermittlung einer geförderten Wohnung an das "
    "Wohnungsamt übermittelt und dort verarbeitet werden. Ich kann die Einwilligung jederzeit "
    "widerrufen."
)

PERSONS = (1, 20)
INCOME_CAP_EUR = Decimal(1_000_000)  # a year's household income above this is a typo


def check_household(data: Mapping[str, Any]) -> None:
    """The single-row rules of a household's data (form, service and import check them):
    1–20 persons, fewer children than persons, an income from 0 to 1 million € a year,
    an entitlement date within ten years of today. A ValidationError keyed by field."""
    persons, children = data.get("persons"), data.get("children", 0)
    checks: list[tuple] = [
        ("persons", check_range, persons, gettext("Die Zahl der Personen"), *PERSONS),
        ("children", check_range, children, gettext("Die Zahl der Kinder"), 0, PERSONS[1] - 1),
        ("income_eur", check_range, data.get("income_eur"), gettext("Das Jahreseinkommen"), 0,
         INCOME_CAP_EUR),
    ]  # fmt: skip
    if data.get("entitlement_valid_until") is not None:
        label = gettext("Das Ablaufdatum des Wohnberechtigungsscheins")
        checks.append(
            ("entitlement_valid_until", check_date_near_today, data["entitlement_valid_until"],
             label)
        )  # fmt: skip
    check_all(*checks)
    if isinstance(persons, int) and isinstance(children, int) and children >= persons:
        raise ValidationError(
            {"children": gettext("Mindestens eine Person im Haushalt muss erwachsen sein.")}
        )


class HouseholdCriterion(models.Model):
    """A criterion of the priority list claimed for a household, and its check.

    ``evidence`` is what the applicant or the social agency entered and stays as it was; the
    housing office's check is kept beside it (``checked_evidence``, ``confirmed``, who, when).
    A claim the office did not confirm stays too (``confirmed`` False) and counts no points."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("Kriterium"), max_length=60)
    evidence = models.CharField(_("Nachweis"), max_length=300, blank=True)
    checked_evidence = models.CharField(_("gesehene Nachweise"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("bestätigt"), default=True)
    checked_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    checked_by = _user(_("geprüft von"))

    class Meta:
        verbose_name = _("Kriterium der Prioritätenliste")
        verbose_name_plural = _("Kriterien der Prioritätenliste")
        constraints = [
            models.UniqueConstraint(fields=["household", "criterion"], name="criterion_unique")
        ]

    def __str__(self) -> str:
        return self.criterion


class EntitlementReminder(models.Model):
    """A reminder sent because a household's housing entitlement (WBS) expires soon.

    One row per household and expiry date: a renewed entitlement gets its own reminder.
    """

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="entitlement_reminders"
    )
    valid_until = models.DateField(_("Wohnberechtigungsschein gültig bis"))
    sent_at = models.DateTimeField(_("gesendet am"))
    recipients = models.PositiveSmallIntegerField(_("Empfänger"))

    class Meta:
        verbose_name = _("Erinnerung an ablaufenden Wohnberechtigungsschein")
        verbose_name_plural = _("Erinnerungen an ablaufende Wohnberechtigungsscheine")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "valid_until"], name="entitlement_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.valid_until:%d.%m.%Y}"


class HouseholdStatusChange(StatusChange):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=HouseholdStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=HouseholdStatus.choices
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung (Haushalt)")
        verbose_name_plural = _("Statusänderungen (Haushalte)")
