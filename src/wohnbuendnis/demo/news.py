"""Musterstadt's news and press: two published news items, a press release approved by two
partner organisations and published, and one that still awaits a partner's approval.

Everything goes through the services of ``news`` and ``meetings`` (no mail is sent: the
approval requests are recorded with ``notify=False``; no newsletter issue is sent).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, Membership, Organisation
from wohnbuendnis.meetings import services as meetings
from wohnbuendnis.meetings.models import PressReleaseDecision
from wohnbuendnis.news import services as news

NEWS = [
    (
        40,
        "Wohnungsmarktbarometer 2025 erschienen",
        "Die Mieten steigen langsamer, der Bestand an gebundenen Wohnungen sinkt weiter.",
        "Das Bündnis hat das neue Wohnungsmarktbarometer vorgestellt. Die Angebotsmieten sind "
        "im vergangenen Jahr langsamer gestiegen als zuvor; der Bestand an mietpreis- und "
        "belegungsgebundenen Wohnungen ist dagegen weiter gesunken.\n\nDie Zahlen stehen auf "
        "den öffentlichen Seiten des Bündnisses zum Herunterladen bereit.",
    ),
    (
        12,
        "Arbeitsgruppe Wohnkosten lädt zum Fachgespräch",
        "Mieterbund, Jobcenter und Wohnungsunternehmen sprechen über die Kosten der Unterkunft.",
        "Die Arbeitsgruppe Wohnkosten lädt Fachleute aus Verwaltung, Wohnungswirtschaft und "
        "Beratung zu einem Fachgespräch über die Angemessenheitsgrenzen der Kosten der "
        "Unterkunft ein. Die Ergebnisse fließen in die Fortschreibung des Handlungskonzepts ein.",
    ),
]

PUBLISHED_RELEASE = (
    "Bündnis vereinbart 300 geförderte Wohnungen bis 2028",
    "Die Mitglieder des Bündnisses für Wohnen in Musterstadt haben sich auf ein gemeinsames "
    "Ziel verständigt: Bis 2028 sollen 300 mietpreis- und belegungsgebundene Wohnungen "
    "entstehen. Stadt, Wohnungsunternehmen und Mieterbund tragen das Ziel gemeinsam.",
    ["gwm", "mieterbund"],
)
PENDING_RELEASE = (
    "Neue Beratungsstelle gegen Wohnungslosigkeit",
    "Das Bündnis unterstützt eine gemeinsame Beratungsstelle von Wohnungsunternehmen und "
    "Wohlfahrtsverbänden, die Haushalte bei drohendem Wohnungsverlust früh erreicht.",
    ["gwm", "diakonie"],
)
# the demo logins that decide for their organisation
DECIDERS = {"gwm": "vermieter", "mieterbund": "mitglied", "diakonie": "sozialtraeger"}


def _organisation(alliance: Alliance, key: str) -> Organisation:
    membership = Membership.objects.active().get(
        alliance=alliance, person__user__username=DECIDERS[key]
    )
    return membership.organisation


def generate(rng: random.Random, alliance: Alliance) -> None:
    coordinator = User.objects.get(username="koordination")
    today = timezone.localdate()
    for days_ago, title, teaser, text in NEWS:
        news.create_news_item(
            alliance,
            coordinator,
            title=title,
            teaser=teaser,
            text=text,
            date=today - datetime.timedelta(days=days_ago + rng.randint(0, 3)),
            publish=True,
        )

    title, text, keys = PUBLISHED_RELEASE
    release = meetings.create_press_release(
        alliance, coordinator, title=title, text=text, date=today - datetime.timedelta(days=20)
    )
    organisations = [_organisation(alliance, key) for key in keys]
    release = meetings.send_press_release_for_approval(
        release,
        coordinator,
        organisations=organisations,
        deadline=today,
        notify=False,
    )
    for key, organisation in zip(keys, organisations, strict=True):
        meetings.decide_press_release(
            release,
            User.objects.get(username=DECIDERS[key]),
            organisation=organisation,
            decision=PressReleaseDecision.APPROVED,
            version=release.version,
        )
    meetings.publish_press_release(release, coordinator)

    title, text, keys = PENDING_RELEASE
    release = meetings.create_press_release(
        alliance, coordinator, title=title, text=text, date=today + datetime.timedelta(days=7)
    )
    organisations = [_organisation(alliance, key) for key in keys]
    release = meetings.send_press_release_for_approval(
        release,
        coordinator,
        organisations=organisations,
        deadline=today + datetime.timedelta(days=5),
        notify=False,
    )
    meetings.decide_press_release(
        release,
        User.objects.get(username=DECIDERS[keys[0]]),
        organisation=organisations[0],
        decision=PressReleaseDecision.APPROVED,
        version=release.version,
    )
