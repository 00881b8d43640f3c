"""Read-only lookups of the news pages, the feeds and the newsletter pages."""

from __future__ import annotations

from django.db.models import Count

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.news.models import (
    NewsItem,
    NewsletterIssue,
    NewsStatus,
    Subscription,
    SubscriptionStatus,
)


def published_news(alliance: Alliance, limit: int | None = None):
    items = NewsItem.objects.filter(alliance=alliance, status=NewsStatus.PUBLISHED).order_by(
        "-date", "-id"
    )
    return items[:limit] if limit else items


def drafts(alliance: Alliance):
    return NewsItem.objects.filter(alliance=alliance, status=NewsStatus.DRAFT).order_by("-date")


def issues(alliance: Alliance) -> list[NewsletterIssue]:
    return list(
        NewsletterIssue.objects.filter(alliance=alliance)
        .annotate(delivered=Count("deliveries"))
        .order_by("-created_at", "-id")
    )


def subscriber_counts(alliance: Alliance) -> list[tuple[str, int]]:
    """How many addresses per status, as (label, count) (never the addresses themselves)."""
    rows = dict(
        Subscription.objects.filter(alliance=alliance)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(str(label), rows.get(value, 0)) for value, label in SubscriptionStatus.choices]


def issue_detail(issue: NewsletterIssue) -> dict:
    return {
        "items": list(issue.items.order_by("-date", "-id")),
        "delivered": issue.deliveries.count(),
        "history": list(issue.history.select_related("by").order_by("at", "id")),
    }
