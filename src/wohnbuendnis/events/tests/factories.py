"""A small alliance with a coordinator and a member, and events made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.alliance.tests.factories import AllianceFactory, MembershipFactory
from wohnbuendnis.events import services
from wohnbuendnis.events.models import Audience, Event, EventKind

BASE_URL = "http://testserver/"


@dataclass
class Setting:
    alliance: Alliance
    coordinator: Person
    member: Person


def _person(alliance: Alliance, role: Role) -> Person:
    person = MembershipFactory(alliance=alliance, role=role).person
    person.email = f"{person.last_name.lower()}.{person.pk}@example.org"
    person.save(update_fields=["email"])
    return person


def make_setting() -> Setting:
    alliance = AllianceFactory()
    return Setting(alliance, _person(alliance, Role.COORDINATION), _person(alliance, Role.MEMBER))


def make_event(
    alliance: Alliance,
    by,
    *,
    days: int = 14,
    capacity: int | None = None,
    audience: str = Audience.PUBLIC,
    **fields,
) -> Event:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return services.create_event(
        alliance,
        by,
        **{
            "kind": EventKind.FORUM,
            "title": "Wohnungsforum",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "place": "Bürgerhaus",
            "capacity": capacity,
            "audience": audience,
            "programme": "18:00 Begrüßung\nPodium",
            **fields,
        },
    )


def register(event: Event, n: int, **kwargs):
    return services.register_public(
        event,
        name=f"Person {n}",
        email=f"person{n}@example.org",
        organisation="Mieterverein",
        consent=True,
        base_url=BASE_URL,
        **kwargs,
    )


def confirmed(event: Event, n: int):
    return services.confirm_registration(register(event, n).token)
