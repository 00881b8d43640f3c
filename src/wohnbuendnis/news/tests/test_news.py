"""News items: drafts only for the Koordination, published ones for everyone and in the feeds."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.news import services
from wohnbuendnis.news.models import NewsStatus
from wohnbuendnis.news.tests.factories import alliance_with_coordinator, news_item

pytestmark = pytest.mark.django_db


def test_drafts_stay_internal_until_published(client):
    alliance, coordinator = alliance_with_coordinator()
    draft = news_item(alliance, coordinator.user, "Geheimer Entwurf", publish=False)
    done = news_item(alliance, coordinator.user, "Neue Zahlen")
    listing = client.get(reverse("news:list", args=[alliance.slug])).text
    assert "Neue Zahlen" in listing and "Geheimer Entwurf" not in listing
    assert client.get(reverse("news:item", args=[draft.pk])).status_code == 404
    for feed in ("news:rss", "news:atom"):
        xml = client.get(reverse(feed, args=[alliance.slug])).text
        assert "Neue Zahlen" in xml and "Geheimer Entwurf" not in xml
        assert reverse("news:item", args=[done.pk]) in xml
    services.set_news_published(draft, coordinator.user, published=True)
    assert client.get(reverse("news:item", args=[draft.pk])).status_code == 200
    draft.refresh_from_db()
    assert [h.to_status for h in draft.history.all()] == [NewsStatus.DRAFT, NewsStatus.PUBLISHED]
    with pytest.raises(ValidationError, match="bereits veröffentlicht"):
        services.set_news_published(draft, coordinator.user, published=True)


def test_history_notes_are_german_when_written_from_an_english_page():
    """The history is read later on German pages: written in the site's language."""
    alliance, coordinator = alliance_with_coordinator()
    with translation.override("en"):
        item = news_item(alliance, coordinator.user, publish=False)
        services.edit_news_item(
            item, coordinator.user, title="Neu", teaser="Kurz", text="Text", date=item.date
        )
    assert list(item.history.values_list("note", flat=True)) == ["angelegt", "bearbeitet"]


def test_news_need_title_teaser_text_and_a_plausible_date():
    alliance, _coordinator = alliance_with_coordinator()
    create = services.create_news_item
    with pytest.raises(ValidationError, match="Anreißer"):
        create(alliance, None, title="T", teaser=" ", text="X", date=datetime.date.today())
    with pytest.raises(ValidationError, match="muss zwischen"):
        create(alliance, None, title="T", teaser="A", text="X", date=datetime.date(1990, 1, 1))
