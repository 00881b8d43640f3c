"""An alliance with a coordinator for the news tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.alliance.tests.factories import AllianceFactory, MembershipFactory
from wohnbuendnis.news import services
from wohnbuendnis.news.models import NewsItem

BASE_URL = "https://buendnis.example.org"


def alliance_with_coordinator() -> tuple[Alliance, Person]:
    alliance = AllianceFactory(name="Bündnis für Wohnen Teststadt")
    return alliance, MembershipFactory(alliance=alliance, role=Role.COORDINATION).person


def news_item(
    alliance: Alliance, by, title: str = "Barometer erschienen", publish=True
) -> NewsItem:
    return services.create_news_item(
        alliance,
        by,
        title=title,
        teaser=f"Kurz: {title}",
        text=f"Der ganze Text zu {title}.",
        date=timezone.localdate() - datetime.timedelta(days=1),
        publish=publish,
    )
