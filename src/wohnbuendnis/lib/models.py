"""The one model of the shared helpers: a create form's one-time submission token."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionToken(models.Model):
    """A rendered create form's token, stored in the transaction that creates the row.

    Unique per form address: a second submission of the same form (a double click, a reload,
    fifty requests at once) finds the token taken and is sent to what the first one created.
    """

    token = models.UUIDField(_("Formular-Kennung"))
    path = models.CharField(_("Formularadresse"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    url = models.CharField(_("Ergebnis"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gesendet am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Formular-Kennung")
        verbose_name_plural = _("Formular-Kennungen")
        constraints = [
            models.UniqueConstraint(fields=["token", "path"], name="submission_token_once")
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.token}"
