"""Press releases of an alliance, approved by named partner organisations before publication.

The Koordination drafts a release, names the partner organisations that must approve it and a
deadline, and sends it for approval. Each named organisation approves the current version or
asks for changes; an edit makes a new version, on which every organisation decides again. The
public sees a release only once it is published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class PressReleaseStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    IN_APPROVAL = "in_freigabe", _("zur Freigabe bei den Partnern")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")


class PressReleaseDecision(models.TextChoices):
    APPROVED = "freigegeben", _("freigegeben")
    CHANGES_REQUESTED = "aenderungen", _("Änderungen erbeten")


class PressRelease(models.Model):
    """A press release of the alliance; the public sees it only once it is published."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="press_releases", verbose_name=_("Bündnis")
    )
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"))
    date = models.DateField(_("Datum"))
    status = models.CharField(
        _("Status"),
        max_length=STATUS_LENGTH,
        choices=PressReleaseStatus.choices,
        default=PressReleaseStatus.DRAFT,
    )
    # raised with every edit; decisions count only for the version they were given on
    version = models.PositiveIntegerField(_("Fassung"), default=1)
    approval_deadline = models.DateField(_("Freigabe bis"), null=True, blank=True)
    approvers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("Freigabe durch"),
    )
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


class PressReleaseStatusChange(StatusChange):
    """A press release's course: drafted, sent for approval, each decision, each new version,
    published (decisions and versions are rows from = to with a note)."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=PressReleaseStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=PressReleaseStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.release_id}: {self.from_status} → {self.to_status}"


class PressReleaseVersion(models.Model):
    """The text of each version, so that what a partner approved stays readable."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Fassung"))
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"))
    date = models.DateField(_("Datum"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Fassung einer Pressemitteilung")
        verbose_name_plural = _("Fassungen von Pressemitteilungen")
        ordering = ["release", "number"]
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="press_release_version"),
        ]

    def __str__(self) -> str:
        return f"{self.release_id} v{self.number}"


class PressReleaseApproval(models.Model):
    """One organisation's decision on one version of a release (the latest one counts)."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="decisions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Organisation")
    )
    version = models.PositiveIntegerField(_("Fassung"))
    decision = models.CharField(
        _("Entscheidung"), max_length=20, choices=PressReleaseDecision.choices
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("von"),
    )
    at = models.DateTimeField(_("am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Freigabe einer Pressemitteilung")
        verbose_name_plural = _("Freigaben von Pressemitteilungen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.release_id} v{self.version}: {self.organisation_id} {self.decision}"
