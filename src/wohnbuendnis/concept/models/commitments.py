"""Self-commitments: the text the organisations sign, their signatures and the yearly
progress report of each signatory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models.base import _OfAlliance


class Commitment(_OfAlliance):
    """A self-commitment with numbered guidelines that organisations sign."""

    title = models.CharField(_("Selbstverpflichtung"), max_length=200)
    text = models.TextField(_("Text"))
    adopted_on = models.DateField(_("beschlossen am"))

    class Meta:
        verbose_name = _("Selbstverpflichtung")
        verbose_name_plural = _("Selbstverpflichtungen")

    def __str__(self) -> str:
        return self.title


class CommitmentSignature(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("unterzeichnet am"))
    signed_by = models.CharField(_("unterzeichnet von"), max_length=200)
    # who signed online and when (empty for signatures recorded on paper)
    signed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("online unterzeichnet am"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["commitment", "organisation__name"]
        constraints = [
            # one standing signature per organisation; a withdrawn one stays on record
            models.UniqueConstraint(
                fields=["commitment", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="commitment_signature_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.commitment}"

    @property
    def alliance(self) -> Alliance:
        return self.commitment.alliance


class CommitmentReport(models.Model):
    """A signatory's yearly progress statement. A second statement for the same year is a new
    version beside the earlier ones (who and when each); the page shows the latest first."""

    signature = models.ForeignKey(
        CommitmentSignature, on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    version = models.PositiveSmallIntegerField(_("Fassung"), default=1)
    text = models.TextField(_("Fortschrittsbericht"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signature", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["signature", "year", "version"], name="commitment_report_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signature} {self.year}"
