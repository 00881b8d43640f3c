"""The common part of every status-history row: who, when, why (convention 6)."""

from django.conf import settings
from django.db import models


class StatusChange(models.Model):
    """Abstract: a concrete history adds the object it belongs to and ``from_status``/``to_status``
    with the choices of that object's status."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
