"""What the allocation's models share: the user foreign key of every "by whom" field and the
decimal layout of money amounts (the status histories use ``lib.history.StatusChange``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 10, "decimal_places": 2}


def _user(verbose: str, **kwargs) -> models.ForeignKey:
    return models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=verbose, **kwargs,
    )  # fmt: skip
