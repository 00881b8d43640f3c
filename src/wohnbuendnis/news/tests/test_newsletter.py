"""The newsletter: double opt-in, expiry of unconfirmed subscriptions, one-click unsubscribe
(RFC 8058) without login, and issues that reach each confirmed subscriber once."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.news import services
from wohnbuendnis.news.models import Delivery, Subscription, SubscriptionStatus
from wohnbuendnis.news.tests.factories import BASE_URL, alliance_with_coordinator, news_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    return alliance_with_coordinator()


def _link(body: str, kind: str) -> str:
    return re.search(rf"https?://[^/\s]+(/neuigkeiten/newsletter/{kind}/[^/\s]+/)", body).group(1)


def _page(response) -> str:
    """The page without its CSRF tokens (they differ per response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)


def _subscribe(alliance, email="Leser@Example.org") -> str:
    mail.outbox.clear()
    services.subscribe(alliance, email, consent=True, base_url=BASE_URL)
    assert len(mail.outbox) == 1
    return mail.outbox[0].body


def test_a_subscription_is_active_only_after_confirmation(setting, client):
    alliance, _coordinator = setting
    body = _subscribe(alliance)
    subscription = Subscription.objects.get()
    assert subscription.email == "leser@example.org"
    assert subscription.status == SubscriptionStatus.PENDING
    assert "innerhalb von 7 Tagen" in body and subscription.consent_text == services.CONSENT_TEXT
    confirm = _link(body, "bestaetigen")
    page = client.get(confirm)  # a link checker opening the link confirms nothing
    assert page.status_code == 200 and "Anmeldung bestätigen" in page.text
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING
    assert "Vielen Dank" in client.post(confirm).text
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED and subscription.confirmed_at
    assert [h.to_status for h in subscription.history.all()] == ["unbestaetigt", "bestaetigt"]


def test_consent_is_required_and_never_pre_ticked(setting, client):
    alliance, _coordinator = setting
    with pytest.raises(ValidationError, match="willigen Sie ein"):
        services.subscribe(alliance, "a@example.org", consent=False, base_url=BASE_URL)
    url = reverse("news:subscribe", args=[alliance.slug])
    page = client.get(url).text
    checkbox = re.search(r'<input type="checkbox" name="consent"[^>]*>', page).group(0)
    assert "checked" not in checkbox
    response = client.post(url, {"email": "a@example.org"})
    assert response.status_code == 200 and not Subscription.objects.exists()


def test_subscribing_twice_gives_one_subscription_and_the_same_answer(setting, client):
    alliance, _coordinator = setting
    url = reverse("news:subscribe", args=[alliance.slug])
    data = {"email": "zweimal@example.org", "consent": "on"}
    first = client.post(url, data)
    confirm = _link(mail.outbox[-1].body, "bestaetigen")
    second = client.post(url, data | {"email": "ZWEIMAL@example.org"})
    assert Subscription.objects.count() == 1
    assert first.status_code == second.status_code == 200
    assert _page(first) == _page(second)  # the page says nothing about the address
    client.post(_link(mail.outbox[-1].body, "bestaetigen"))  # the newest link confirms
    assert client.post(confirm).status_code == 404  # the first link was replaced
    third = client.post(url, data)
    assert _page(third) == _page(first)
    assert "bereits" in mail.outbox[-1].subject  # the owner learns it by mail, nobody else
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_unconfirmed_subscriptions_expire_after_seven_days(setting, client):
    alliance, _coordinator = setting
    body = _subscribe(alliance, "alt@example.org")
    _subscribe(alliance, "neu@example.org")
    old = Subscription.objects.get(email="alt@example.org")
    old.requested_at = timezone.now() - datetime.timedelta(days=7, minutes=1)
    old.save(update_fields=["requested_at"])
    confirmed = Subscription.objects.get(email="neu@example.org")
    services.confirm_subscription(confirmed.confirmation_token)
    Subscription.objects.filter(pk=confirmed.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert client.post(_link(body, "bestaetigen")).status_code == 404  # expired: refused
    assert services.delete_expired_subscriptions() == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["neu@example.org"]
    assert services.delete_expired_subscriptions() == 0


def _confirmed(alliance, email) -> Subscription:
    body = _subscribe(alliance, email)
    token = re.search(r"/bestaetigen/([^/\s]+)/", body).group(1)
    return services.confirm_subscription(token)


def test_every_issue_mail_carries_a_one_click_unsubscribe(setting, client):
    alliance, coordinator = setting
    subscription = _confirmed(alliance, "leser@example.org")
    issue = services.create_issue(
        alliance, coordinator.user, subject="Newsletter März", items=[news_item(alliance, None)]
    )
    mail.outbox.clear()
    assert services.send_issue(issue, coordinator.user, base_url=BASE_URL) == 1
    message = mail.outbox[0]
    unsubscribe = reverse("news:unsubscribe", args=[subscription.unsubscribe_token])
    assert message.extra_headers["List-Unsubscribe"] == f"<{BASE_URL}{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{BASE_URL}{unsubscribe}" in message.body
    assert "Barometer erschienen" in message.body
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_unsubscribe_get_shows_a_button_post_unsubscribes_without_login(setting):
    from django.test import Client

    alliance, _coordinator = setting
    subscription = _confirmed(alliance, "leser@example.org")
    url = reverse("news:unsubscribe", args=[subscription.unsubscribe_token])
    client = Client(enforce_csrf_checks=True)  # a mail provider's POST carries no CSRF token
    page = client.get(url)
    assert page.status_code == 200 and "Abmelden" in page.text
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED  # GET changes nothing
    response = client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and "Sie sind abgemeldet" in response.text
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED and subscription.unsubscribed_at
    assert client.post(url).status_code == 200  # a second click changes nothing
    assert subscription.history.count() == 3
    assert client.get(reverse("news:unsubscribe", args=["falsch"])).status_code == 404


def test_an_issue_reaches_each_confirmed_subscriber_once(setting):
    alliance, coordinator = setting
    first = _confirmed(alliance, "eins@example.org")
    _confirmed(alliance, "zwei@example.org")
    _subscribe(alliance, "unbestaetigt@example.org")
    gone = _confirmed(alliance, "weg@example.org")
    services.unsubscribe(gone.unsubscribe_token)
    issue = services.create_issue(
        alliance, coordinator.user, subject="Ausgabe 1", items=[news_item(alliance, None)]
    )
    mail.outbox.clear()
    assert services.send_issue(issue, coordinator.user, base_url=BASE_URL) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["eins@example.org", "zwei@example.org"]
    assert services.send_issue(issue, coordinator.user, base_url=BASE_URL) == 0
    assert len(mail.outbox) == 2
    late = _confirmed(alliance, "spaet@example.org")
    mail.outbox.clear()
    assert services.send_issue(issue, coordinator.user, base_url=BASE_URL) == 1
    assert [m.to[0] for m in mail.outbox] == ["spaet@example.org"]
    assert set(Delivery.objects.values_list("subscription", flat=True)) == {
        first.pk,
        first.pk + 1,
        late.pk,
    }
    issue.refresh_from_db()
    assert issue.status == "versandt" and issue.sent_at


def test_an_issue_holds_only_published_news_of_its_alliance(setting):
    alliance, coordinator = setting
    draft = news_item(alliance, None, "Entwurf", publish=False)
    with pytest.raises(ValidationError, match="nur veröffentlichte"):
        services.create_issue(alliance, coordinator.user, subject="X", items=[draft])
    with pytest.raises(ValidationError, match="mindestens eine"):
        services.create_issue(alliance, coordinator.user, subject="X", items=[])
