"""News items of an alliance on its public pages, and its e-mail newsletter.

A newsletter subscription is active only once its owner confirmed it through the link in the
confirmation mail (double opt-in); an unconfirmed one is deleted after ``CONFIRMATION_DAYS``.
Every newsletter mail carries a one-click unsubscribe link (RFC 8058). Who got which issue is
recorded per subscription, so an issue reaches each subscriber once.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange

CONFIRMATION_DAYS = 7
CONFIRMATION_PERIOD = datetime.timedelta(days=CONFIRMATION_DAYS)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class NewsStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")


class NewsItem(models.Model):
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="news_items", verbose_name=_("Bündnis")
    )
    title = models.CharField(_("Titel"), max_length=200)
    teaser = models.CharField(_("Anreißer"), max_length=400)
    text = models.TextField(_("Text"))
    date = models.DateField(_("Datum"))
    status = models.CharField(
        _("Status"), max_length=STATUS_LENGTH, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED


class NewsItemStatusChange(StatusChange):
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=NewsStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=NewsStatus.choices
    )


class SubscriptionStatus(models.TextChoices):
    PENDING = "unbestaetigt", _("unbestätigt")
    CONFIRMED = "bestaetigt", _("bestätigt")
    UNSUBSCRIBED = "abgemeldet", _("abgemeldet")


class Subscription(models.Model):
    """One e-mail address on an alliance's newsletter list (one row per address)."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="newsletter_subscriptions"
    )
    email = models.EmailField(_("E-Mail"))
    status = models.CharField(
        _("Status"),
        max_length=STATUS_LENGTH,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    # the wording of the consent as the subscriber saw it, and when they gave it
    consent_text = models.TextField(_("Einwilligungstext"))
    requested_at = models.DateTimeField(_("angemeldet am"))
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        verbose_name = _("Newsletter-Abonnement")
        verbose_name_plural = _("Newsletter-Abonnements")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "email"], name="newsletter_one_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"


class SubscriptionStatusChange(StatusChange):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=SubscriptionStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=SubscriptionStatus.choices
    )


class IssueStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    SENT = "versandt", _("versandt")


class NewsletterIssue(models.Model):
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="newsletter_issues"
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    items = models.ManyToManyField(NewsItem, related_name="issues", verbose_name=_("Neuigkeiten"))
    status = models.CharField(
        _("Status"),
        max_length=STATUS_LENGTH,
        choices=IssueStatus.choices,
        default=IssueStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Newsletter-Ausgabe")
        verbose_name_plural = _("Newsletter-Ausgaben")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class NewsletterIssueStatusChange(StatusChange):
    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=IssueStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=IssueStatus.choices
    )


class Delivery(models.Model):
    """An issue mailed to a subscription: at most once."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(_("versandt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="newsletter_delivered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscription_id}"
