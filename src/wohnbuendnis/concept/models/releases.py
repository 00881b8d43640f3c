"""Releases: a change that shows on the public pages (a measure's status and progress, a
goal's actual value) is public only once Koordination releases it. Each released item gets a
history row here: who released what, when, from which public state to which."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.concept.models.base import _OfAlliance
from wohnbuendnis.concept.models.goals import GoalMeasurement
from wohnbuendnis.concept.models.measures import Measure


class ReleaseKind(models.TextChoices):
    MEASURE = "massnahme", _("Stand einer Maßnahme")
    MEASUREMENT = "istwert", _("Istwert eines Ziels")


class Release(_OfAlliance):
    """One released item: the public state before (``old``, blank: nothing was public) and
    the state released (``new``), as text."""

    kind = models.CharField(_("Art"), max_length=20, choices=ReleaseKind.choices)
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="releases"
    )
    measurement = models.ForeignKey(
        GoalMeasurement, on_delete=models.CASCADE, null=True, blank=True, related_name="releases"
    )
    old = models.CharField(_("bisher öffentlich"), max_length=300, blank=True)
    new = models.CharField(_("freigegeben"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("von"),
    )
    at = models.DateTimeField(_("am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False, measurement__isnull=True)
                | models.Q(measure__isnull=True, measurement__isnull=False),
                name="release_one_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old or '–'} → {self.new}"
