"""What the allocation's models share: the user foreign key of every "by whom" field, the
decimal layout of money amounts, and the abstract base of the status-history rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}


def _user(verbose: str, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=verbose, **kwargs,
    )  # fmt: skip


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
