"""Press releases of an alliance, visible to the public once published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance


class PressRelease(models.Model):
    """A press release of the alliance; the public sees it only once it is published."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="press_releases", verbose_name=_("Bündnis")
    )
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"))
    date = models.DateField(_("Datum"))
    published = models.BooleanField(_("veröffentlicht"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("veröffentlicht von"),
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Pressemitteilung")
        verbose_name_plural = _("Pressemitteilungen")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title
