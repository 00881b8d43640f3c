"""The alliance's news as RSS 2.0 and Atom feeds (Django's syndication framework)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.news import queries
from wohnbuendnis.news.models import NewsItem


class NewsFeed(Feed):
    def get_object(self, request, slug: str) -> Alliance:
        return get_object_or_404(Alliance, slug=slug)

    def title(self, obj: Alliance) -> str:
        return _("Neuigkeiten: %(alliance)s") % {"alliance": obj.name}

    def link(self, obj: Alliance) -> str:
        return reverse("news:list", args=[obj.slug])

    def description(self, obj: Alliance) -> str:
        return _("Neuigkeiten des Bündnisses %(alliance)s") % {"alliance": obj.name}

    def items(self, obj: Alliance):
        return queries.published_news(obj, limit=30)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.teaser

    def item_link(self, item: NewsItem) -> str:
        return reverse("news:item", args=[item.pk])

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return item.published_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Alliance) -> str:
        return self.description(obj)
