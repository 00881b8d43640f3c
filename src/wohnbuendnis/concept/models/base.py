"""The abstract base of the concept's models that belong to one alliance: a foreign key to the
alliance, without a reverse accessor on it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance


class Priority(models.TextChoices):
    HIGH = "hoch", _("hoch")
    MEDIUM = "mittel", _("mittel")
    LOW = "niedrig", _("niedrig")


class _OfAlliance(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
