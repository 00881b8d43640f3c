"""Cost coverage: whether the Jobcenter or Sozialamt covers a household's rent up to a
monthly cap, or as an exception for one flat, with the case's status history."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models.base import MONEY, _user
from wohnbuendnis.allocation.models.households import Household
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


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
    # Raised at a nomination: the landlord's deadline for the household and the day the
    # office is asked to decide by (working days before it, ``AllocationSettings``).
    landlord_deadline = models.DateField(_("Frist des Vermieters"), null=True, blank=True)
    decision_due_on = models.DateField(_("Entscheidung erbeten bis"), null=True, blank=True)
    decision_reason = models.TextField(_("Begründung der Entscheidung"), blank=True)
    decided_by = _user(_("entschieden von"))
    reminded_on = models.DateField(_("erinnert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kostenübernahme")
        verbose_name_plural = _("Kostenübernahmen")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household} – {self.get_agency_display()}"

    @property
    def alliance(self) -> Alliance:
        return self.household.alliance


class CostCoverageStatusChange(StatusChange):
    case = models.ForeignKey(CostCoverageCase, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=CostCoverageStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=CostCoverageStatus.choices
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung (Kostenübernahme)")
        verbose_name_plural = _("Statusänderungen (Kostenübernahmen)")
