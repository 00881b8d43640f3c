"""Who may do what with the news and the newsletter (matrix: docs/roles-and-permissions.md).

Objects are an ``Alliance`` (lists, the newsletter), a ``NewsItem`` or a ``NewsletterIssue``.
"""

from __future__ import annotations

import rules

from wohnbuendnis.alliance.rules import is_coordination
from wohnbuendnis.news.models import NewsItem


@rules.predicate
def is_published_news(user, obj=None) -> bool:
    return isinstance(obj, NewsItem) and obj.is_published


# The public news pages, the feeds, subscribing and unsubscribing need no login.
rules.add_perm("news.view_news", rules.always_allow)
rules.add_perm("news.view_news_item", is_published_news | is_coordination)
rules.add_perm("news.subscribe", rules.always_allow)
rules.add_perm("news.manage_news", is_coordination)
rules.add_perm("news.send_newsletter", is_coordination)
