"""API tokens of the member organisations and the log of every call made with one.

A token is shown once when it is issued; only its SHA-256 hash is stored (a token is 32 random
bytes, so a plain hash is as safe as a slow one and lets every request be checked quickly).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation


class Scope(models.TextChoices):
    VACANCIES = "vacancies", _("freie gebundene Wohnungen melden")
    OBSERVATIONS = "observations", _("Beobachtungen des Monitorings übermitteln")


PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """A key an organisation's own system sends as ``Authorization: Bearer …``."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Organisation")
    )
    name = models.CharField(_("Bezeichnung"), max_length=120)
    # the first characters of the token, shown on the page so people can tell keys apart
    prefix = models.CharField(_("Anfang des Schlüssels"), max_length=PREFIX_LENGTH, unique=True)
    token_hash = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64, unique=True)
    scopes = models.JSONField(_("Berechtigungen"), default=list)
    expires_on = models.DateField(_("gültig bis"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("ausgegeben von"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("ausgegeben am"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("widerrufen von"),
    )  # fmt: skip
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]


class ApiCall(models.Model):
    """One call made with a token (also a refused one: expired, revoked, wrong scope)."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="calls", verbose_name=_("API-Schlüssel")
    )
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    method = models.CharField(_("Methode"), max_length=10)
    path = models.CharField(_("Adresse"), max_length=300)
    status = models.PositiveSmallIntegerField(_("HTTP-Status"))
    # what the call created or changed, e.g. "vacancy 6f1c…" or "observations: 3 new, 1 changed"
    note = models.CharField(_("Ergebnis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("API-Aufruf")
        verbose_name_plural = _("API-Aufrufe")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"
