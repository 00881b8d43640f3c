"""What retention keeps of closed cases: counts by year and group, never a case.

When a closed case reaches the end of its retention period (``AllocationSettings``), the
figures the yearly statistics and the non-discrimination audit need are added here first, then
the case loses everything that points at a person (``services.retention``). A row is a count
(or a sum of days) of a year, a measure and, for the audit, a landlord, dimension and group;
it names no household, reference or file number (GDPR Art. 5(1)(c), (e) and Art. 89).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance


class RetainedMeasure(models.TextChoices):
    AUDIT_DECIDED = "audit_entschieden", _("Vermieterentscheidungen im Audit")
    AUDIT_ACCEPTED = "audit_angenommen", _("Zusagen im Audit")
    HOUSED = "versorgt", _("versorgte Haushalte")
    WAITING_DAYS = "wartetage", _("Wartetage der versorgten Haushalte (Summe)")
    DEREGISTERED = "abgemeldet", _("abgemeldete Haushalte")


AUDIT_MEASURES = (RetainedMeasure.AUDIT_DECIDED, RetainedMeasure.AUDIT_ACCEPTED)


class RetainedStatistic(models.Model):
    """A count kept from anonymised cases, added to the live figures on the statistics pages."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    measure = models.CharField(_("Kennzahl"), max_length=20, choices=RetainedMeasure.choices)
    landlord = models.CharField(_("Vermieter"), max_length=200, blank=True)
    dimension = models.CharField(_("Merkmal"), max_length=30, blank=True)
    group = models.CharField(_("Gruppe"), max_length=30, blank=True)
    value = models.PositiveIntegerField(_("Wert"), default=0)

    class Meta:
        verbose_name = _("aufbewahrte Kennzahl")
        verbose_name_plural = _("aufbewahrte Kennzahlen")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "year", "measure", "landlord", "dimension", "group"],
                name="retained_statistic_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.measure} {self.dimension}={self.group}: {self.value}"


class RetentionRun(models.Model):
    """One row per day the retention job ran: the job's idempotency key (a second job on the
    same day does nothing) and its figures (counts only)."""

    day = models.DateField(_("Tag"), unique=True)
    started_at = models.DateTimeField(_("begonnen"))
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    expired_nominations = models.PositiveIntegerField(_("abgelaufene Benennungen"), default=0)
    expired_cost_coverage = models.PositiveIntegerField(
        _("abgelaufene Kostenübernahmen"), default=0
    )
    anonymised = models.PositiveIntegerField(_("anonymisierte Fälle"), default=0)

    class Meta:
        verbose_name = _("Lauf der Löschfristen")
        verbose_name_plural = _("Läufe der Löschfristen")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}: {self.anonymised}"
