"""How an alliance runs its allocation: its settings (audit bodies, deadlines, retention)
with their history, and the versions of its priority list as decided."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Body
from wohnbuendnis.allocation.models.base import _user


class AllocationSettings(models.Model):
    """Per-alliance settings of the allocation: audit bodies, deadlines, retention."""

    alliance = models.OneToOneField(
        Alliance, on_delete=models.CASCADE, related_name="allocation_settings"
    )
    audit_bodies = models.ManyToManyField(
        Body, blank=True, related_name="+", verbose_name=_("Gremien mit Einsicht in das Audit")
    )
    decision_days = models.PositiveSmallIntegerField(_("Entscheidungsfrist in Tagen"), default=10)
    cost_coverage_lead_days = models.PositiveSmallIntegerField(
        _("Entscheidung über die Kostenübernahme: Arbeitstage vor der Frist des Vermieters"),
        default=3,
    )
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
