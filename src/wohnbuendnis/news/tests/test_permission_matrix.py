"""Which persona may open which news and newsletter page (demo data set): everyone reads the
published news, the feeds and subscribes; only the Koordination writes and sends. Personas: the
demo login of every role (named after it, ``Role.values``) and the public.
(The press release pages: meetings/tests/test_press_release_permissions.py.)"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.news import services
from wohnbuendnis.news.models import NewsItem, Subscription

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("news")]

K, PUB = "koordination", "oeffentlichkeit"
ALL = {*Role.values, PUB}  # the demo logins are named after the roles
BASE_URL = "https://buendnis.example.org"


def _login(client, name: str) -> None:
    client.logout()
    if name != PUB:
        client.force_login(User.objects.get(username=name))


def _setting(alliance) -> dict[str, tuple[str, set[str], int]]:
    """page → (url, personas that get 200, status for the others when signed in); the public
    gets 302 to the login where members get 403, and 404 where members get 404."""
    koordination = User.objects.get(username=K)
    published = NewsItem.objects.filter(alliance=alliance).first()
    draft = services.create_news_item(
        alliance,
        koordination,
        title="Interner Entwurf",
        teaser="Noch nicht.",
        text="Noch nicht.",
        date=timezone.localdate(),
    )
    issue = services.create_issue(alliance, koordination, subject="Ausgabe", items=[published])
    services.subscribe(alliance, "leser@example.org", consent=True, base_url=BASE_URL)
    subscription = Subscription.objects.get()
    slug = alliance.slug
    return {
        "news_list": (reverse("news:list", args=[slug]), ALL, 200),
        "news_item": (reverse("news:item", args=[published.pk]), ALL, 200),
        "news_draft": (reverse("news:item", args=[draft.pk]), {K}, 404),
        "news_new": (reverse("news:new", args=[slug]), {K}, 403),
        "news_edit": (reverse("news:edit", args=[published.pk]), {K}, 403),
        "rss": (reverse("news:rss", args=[slug]), ALL, 200),
        "atom": (reverse("news:atom", args=[slug]), ALL, 200),
        "subscribe": (reverse("news:subscribe", args=[slug]), ALL, 200),
        "confirm": (reverse("news:confirm", args=[subscription.confirmation_token]), ALL, 200),
        "unsubscribe": (
            reverse("news:unsubscribe", args=[subscription.unsubscribe_token]),
            ALL,
            200,
        ),
        "issues": (reverse("news:issues", args=[slug]), {K}, 403),
        "new_issue": (reverse("news:new_issue", args=[slug]), {K}, 403),
        "issue": (reverse("news:issue", args=[issue.pk]), {K}, 403),
    }


def test_pages_open_only_to_the_personas_that_may_see_them(client, demo_alliance):
    pages = _setting(demo_alliance)
    for name in sorted(ALL):
        _login(client, name)
        for page, (url, allowed, other) in pages.items():
            status = client.get(url).status_code
            refused = 302 if (name == PUB and other == 403) else other
            expected = 200 if name in allowed else refused
            assert status == expected, (name, page, url)


def test_only_the_koordination_changes_news_and_sends_the_newsletter(client, demo_alliance):
    alliance = demo_alliance
    item = NewsItem.objects.filter(alliance=alliance).first()
    issue = services.create_issue(
        alliance, User.objects.get(username=K), subject="Ausgabe", items=[item]
    )
    publish = reverse("news:publish", args=[item.pk])
    send = reverse("news:send_issue", args=[issue.pk])
    new = reverse("news:new", args=[alliance.slug])
    data = {"title": "T", "teaser": "A", "text": "X", "date": timezone.localdate().isoformat()}
    for name in sorted(ALL - {K}):
        _login(client, name)
        expected = 302 if name == PUB else 403
        assert client.post(publish, {"publish": "0"}).status_code == expected, name
        assert client.post(send).status_code == expected, name
        token = {"submission_token": str(uuid.uuid4())}
        assert client.post(new, data | token).status_code == expected, name
    item.refresh_from_db()
    issue.refresh_from_db()
    assert item.is_published and issue.status == "entwurf"
    assert not NewsItem.objects.filter(title="T").exists()
    _login(client, K)
    client.post(publish, {"publish": "0"})
    client.post(send)
    item.refresh_from_db()
    issue.refresh_from_db()
    assert not item.is_published and issue.status == "versandt"
