"""Applicant register, priority-list versions, cost coverage, vacancies and nominations.

Personal data of applicants lives on :class:`Household` and :class:`HouseholdCriterion` only;
every other table names a household by foreign key. URLs use the opaque ``public_id`` (uuid).
Models hold single-row rules; every state change is a function in ``services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Body, Organisation

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}


def _user(verbose: str, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=verbose, **kwargs,
    )  # fmt: skip


class AllocationSettings(models.Model):
    """Per-alliance settings of the allocation: audit bodies, deadlines, retention."""

    alliance = models.OneToOneField(
        Alliance, on_delete=models.CASCADE, related_name="allocation_settings"
    )
    audit_bodies = models.ManyToManyField(
        Body, blank=True, related_name="+", verbose_name=_("Gremien mit Einsicht in das Audit")
    )
    decision_days = models.PositiveSmallIntegerField(_("Entscheidungsfrist in Tagen"), default=10)
    retention_months = models.PositiveSmallIntegerField(
        _("Aufbewahrung abgeschlossener Fälle in Monaten"), default=24
    )

    class Meta:
        verbose_name = _("Einstellungen der Wohnungsvermittlung")
        verbose_name_plural = _("Einstellungen der Wohnungsvermittlung")

    def __str__(self) -> str:
        return str(self.alliance)


class AllocationSettingsChange(models.Model):
    """History of the allocation settings: who changed what, when."""

    settings = models.ForeignKey(
        AllocationSettings, on_delete=models.CASCADE, related_name="history"
    )
    at = models.DateTimeField(_("am"), auto_now_add=True)
    by = _user(_("von"))
    summary = models.CharField(_("Änderung"), max_length=500)

    class Meta:
        verbose_name = _("Änderung der Einstellungen")
        verbose_name_plural = _("Änderungen der Einstellungen")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary


class PriorityScheme(models.Model):
    """One version of the alliance's priority list (``scheme.toml``), with its resolution."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("Version"))
    decided_on = models.DateField(_("beschlossen am"))
    decided_by = models.CharField(_("beschlossen von (Gremium)"), max_length=120)
    resolution = models.TextField(_("Beschluss"), blank=True)
    toml = models.TextField(_("Regeln (TOML)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    created_by = _user(_("angelegt von"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Prioritätenliste (Version)")
        verbose_name_plural = _("Prioritätenliste (Versionen)")
        ordering = ["alliance", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "version"], name="scheme_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.alliance} – Version {self.version}"


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


class HouseholdCriterion(models.Model):
    """A criterion of the priority list claimed for a household, and its check."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("Kriterium"), max_length=60)
    evidence = models.CharField(_("Nachweis"), max_length=300, blank=True)
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


class StatusChangeBase(models.Model):
    at = models.DateTimeField(_("am"), auto_now_add=True)
    by = _user(_("von"))
    from_status = models.CharField(_("von Status"), max_length=20, blank=True)
    to_status = models.CharField(_("zu Status"), max_length=20)
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class HouseholdStatusChange(StatusChangeBase):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("Statusänderung (Haushalt)")
        verbose_name_plural = _("Statusänderungen (Haushalte)")


class BenefitAgency(models.TextChoices):
    JOBCENTER = "jobcenter", _("Jobcenter")
    SOCIAL_WELFARE = "sozialamt", _("Sozialamt")


class CostCoverageStatus(models.TextChoices):
    REQUESTED = "beantragt", _("beantragt")
    APPROVED = "bewilligt", _("bewilligt")
    REFUSED = "abgelehnt", _("abgelehnt")
    EXPIRED = "abgelaufen", _("abgelaufen")


class CostCoverageCase(models.Model):
    """Whether the Jobcenter/Sozialamt covers the rent of a household, up to a monthly cap."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="cost_coverage_cases"
    )
    agency = models.CharField(_("Leistungsträger"), max_length=20, choices=BenefitAgency.choices)
    status = models.CharField(
        _("Status"), max_length=20, choices=CostCoverageStatus.choices,
        default=CostCoverageStatus.REQUESTED,
    )  # fmt: skip
    requested_on = models.DateField(_("beantragt am"))
    decided_on = models.DateField(_("entschieden am"), null=True, blank=True)
    monthly_cap_eur = models.DecimalField(
        _("Obergrenze Bruttowarmmiete (€/Monat)"), null=True, blank=True, **MONEY
    )
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    vacancy = models.ForeignKey(
        "Vacancy", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="cost_coverage_exceptions",
        verbose_name=_("Ausnahme beantragt für Wohnung"),
    )  # fmt: skip
    requested_rent_eur = models.DecimalField(
        _("Bruttowarmmiete der Wohnung (€/Monat)"), null=True, blank=True, **MONEY
    )

    class Meta:
        verbose_name = _("Kostenübernahme")
        verbose_name_plural = _("Kostenübernahmen")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household} – {self.get_agency_display()}"

    @property
    def alliance(self) -> Alliance:
        return self.household.alliance


class CostCoverageStatusChange(StatusChangeBase):
    case = models.ForeignKey(CostCoverageCase, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("Statusänderung (Kostenübernahme)")
        verbose_name_plural = _("Statusänderungen (Kostenübernahmen)")


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


class VacancyStatusChange(StatusChangeBase):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("Statusänderung (Wohnung)")
        verbose_name_plural = _("Statusänderungen (Wohnungen)")


class NominationStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    ACCEPTED = "angenommen", _("angenommen")
    DECLINED = "abgelehnt", _("abgelehnt")
    EXPIRED = "abgelaufen", _("Frist abgelaufen")
    RELEASED = "freigegeben", _("freigegeben (anderer Haushalt gewählt)")


class DeclineReason(models.TextChoices):
    """Coded reasons; the prefix says which side declined (a = applicant, v = landlord)."""

    APPLICANT_NOT_INTERESTED = "a_kein_interesse", _("Haushalt: kein Interesse an der Wohnung")
    APPLICANT_UNREACHABLE = "a_nicht_erreichbar", _("Haushalt: nicht erreichbar")
    APPLICANT_HOUSED = "a_anderweitig", _("Haushalt: anderweitig versorgt")
    LANDLORD_DOCUMENTS = "v_unterlagen", _("Vermieter: Unterlagen unvollständig")
    LANDLORD_ARREARS = "v_mietschulden", _("Vermieter: Mietschulden aus früherem Mietverhältnis")
    LANDLORD_OCCUPANCY = "v_belegung", _("Vermieter: Belegungsstruktur im Haus")
    LANDLORD_OTHER = "v_sonstiges", _("Vermieter: sonstiger Grund")

    @classmethod
    def side(cls, code: str) -> str:
        return "applicant" if code.startswith("a_") else "landlord"


class Nomination(models.Model):
    """A household named for a vacancy (Benennung), with the landlord's decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="nominations")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="nominations")
    round = models.PositiveSmallIntegerField(_("Runde"), default=1)
    rank = models.PositiveSmallIntegerField(_("Rang"))
    points = models.PositiveSmallIntegerField(_("Punkte bei Benennung"))
    scheme = models.ForeignKey(
        PriorityScheme, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("angewandte Prioritätenliste"),
    )  # fmt: skip
    nominated_on = models.DateField(_("benannt am"))
    deadline = models.DateField(_("Entscheidungsfrist"))
    status = models.CharField(
        _("Status"), max_length=20, choices=NominationStatus.choices,
        default=NominationStatus.OPEN,
    )  # fmt: skip
    reason = models.CharField(
        _("Ablehnungsgrund"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = _user(_("entschieden von"))

    class Meta:
        verbose_name = _("Benennung")
        verbose_name_plural = _("Benennungen")
        ordering = ["vacancy", "round", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "household"], name="nomination_once_per_vacancy"
            ),
            # The database itself refuses a second accepted household for one vacancy.
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=Q(status="angenommen"),
                name="nomination_one_accepted_per_vacancy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} – Rang {self.rank}"

    @property
    def alliance(self) -> Alliance:
        return self.vacancy.flat.alliance


class NominationStatusChange(StatusChangeBase):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("Statusänderung (Benennung)")
        verbose_name_plural = _("Statusänderungen (Benennungen)")
