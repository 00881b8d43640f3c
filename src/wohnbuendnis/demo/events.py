"""Events of Musterstadt: a past kick-off with a report and its attendance, an upcoming public
forum with registrations and a waiting list, and a members-only focus event. Invented names
(``example.org`` addresses), fixed seed, through the services of ``events``; mails are not
sent (``notify=False``), and the past event's registrations are made "before" it (``now``)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.demo.names import FIRST_NAMES, LAST_NAMES
from wohnbuendnis.events import services
from wohnbuendnis.events.models import Audience, EventKind, RegistrationStatus

BASE_URL = "https://wohnbuendnis.example.org/"
ORGANISATIONS = [
    "Mieterverein Musterstadt", "Wohnungsbaugenossenschaft Musterstadt eG",
    "Diakonie Musterstadt", "Quartiersbüro Nordstadt", "", "Hochschule Musterstadt",
]  # fmt: skip


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _people(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    people = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.{n}@example.org".lower().replace("ü", "ue")
        people.append((f"{first} {last}", email, rng.choice(ORGANISATIONS)))
    return people


def _register(event, people, now) -> list:
    registrations = []
    for name, email, organisation in people:
        registration = services.register_public(
            event,
            name=name,
            email=email,
            organisation=organisation,
            consent=True,
            base_url=BASE_URL,
            now=now,
            notify=False,
        )
        registrations.append(services.confirm_registration(registration.token, now=now))
    return registrations


def generate(rng: random.Random, alliance: Alliance) -> None:
    coordinator = User.objects.get(username="koordination")
    today = timezone.localdate()

    past_day = today - datetime.timedelta(days=12)
    kick_off = services.create_event(
        alliance,
        coordinator,
        kind=EventKind.KICK_OFF,
        title="Auftakt: Handlungskonzept Wohnen 2030",
        description="Wir starten die Fortschreibung des Handlungskonzepts und laden alle "
        "Interessierten ein, mitzudenken.",
        programme="18:00 Begrüßung durch die Oberbürgermeisterin\n18:15 Wohnungsmarkt in Zahlen"
        "\n19:00 Thementische\n20:15 Ausblick und Verabschiedung",
        starts_at=_at(past_day, 18),
        ends_at=_at(past_day, 20, 30),
        place="Rathaus Musterstadt, Festsaal",
        capacity=80,
        audience=Audience.PUBLIC,
    )
    registered = _register(
        kick_off, _people(rng, 14), _at(past_day, 9) - datetime.timedelta(days=7)
    )
    services.mark_attendance(
        kick_off,
        coordinator,
        {r.pk for r in registered[:11] if r.status == RegistrationStatus.CONFIRMED},
    )
    services.save_report(
        kick_off,
        coordinator,
        "Rund 60 Gäste diskutierten an vier Thementischen über bezahlbares Wohnen, Neubau im "
        "Bestand und das Wohnen im Alter. Die Ergebnisse fließen in die Arbeitsgruppen ein; die "
        "Präsentation steht unter den Unterlagen.",
    )

    forum_day = today + datetime.timedelta(days=24)
    forum = services.create_event(
        alliance,
        coordinator,
        kind=EventKind.FORUM,
        title="Wohnungsforum: Bezahlbar wohnen in den Quartieren",
        description="Das große Forum des Bündnisses mit Berichten aus den Arbeitsgruppen.",
        programme="17:00 Ankommen\n17:30 Impulse aus den Arbeitsgruppen\n18:30 Podium\n"
        "19:30 Gespräche am Buffet",
        starts_at=_at(forum_day, 17),
        ends_at=_at(forum_day, 20),
        place="Bürgerhaus Nordstadt",
        video_url="https://video.example.org/wohnungsforum",
        capacity=8,
        audience=Audience.PUBLIC,
    )
    _register(forum, _people(rng, 10), timezone.now())  # eight places, two on the waiting list

    focus_day = today + datetime.timedelta(days=38)
    focus = services.create_event(
        alliance,
        coordinator,
        kind=EventKind.FOCUS,
        title="Fokusveranstaltung: Belegungsbindungen im Bestand",
        programme="Austausch der Wohnungsunternehmen und der Sozialträger",
        starts_at=_at(focus_day, 10),
        ends_at=_at(focus_day, 13),
        place="Stadtverwaltung, Raum 2.14",
        audience=Audience.MEMBERS,
    )
    services.register_member(focus, User.objects.get(username="mitglied"))
