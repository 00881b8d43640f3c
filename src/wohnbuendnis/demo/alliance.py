"""The Musterstadt alliance (modelled on the Kassel alliance, seed 000) and a regional one."""

from __future__ import annotations

import datetime
import random
import unicodedata

from django.conf import settings
from django.contrib.auth.hashers import make_password

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import Alliance, BodyKind, Organisation, Person
from wohnbuendnis.demo.areas import Territory
from wohnbuendnis.demo.names import FIRST_NAMES, LAST_NAMES
from wohnbuendnis.demo.organisations import (
    DEMO_LOGINS,
    LATER_LOGINS,
    LATER_ORGANISATIONS,
    ORGANISATIONS,
    REGIONAL_MEMBERS,
    ROLE_EXCEPTIONS,
    WORKING_GROUPS,
)

FOUNDED = datetime.date(2019, 3, 1)
CITY_SUMMARY = (
    "Stadtverwaltung, Wohnungswirtschaft, Sozialwirtschaft und Interessengruppen arbeiten im "
    "Musterstädter Bündnis für bezahlbares Wohnen zusammen und setzen das "
    "Wohnraumversorgungskonzept mit den Leitlinien Quantität, Qualität, Preis und Zugang um."
)


def _ascii(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class _People:
    """Draws distinct invented names."""

    def __init__(self, rng: random.Random) -> None:
        pairs = [(f, la) for f in FIRST_NAMES for la in LAST_NAMES]
        rng.shuffle(pairs)
        self._pairs = iter(pairs)

    def create(self, organisation: Organisation, key: str, title: str = "") -> Person:
        first, last = next(self._pairs)
        return services.create_person(
            first_name=first,
            last_name=last,
            title=title,
            email=f"{_ascii(first)}.{_ascii(last)}@{key.replace('_', '-')}.example",
            organisations=[organisation],
        )


def _login(person: Person, username: str, password_hash: str, title: str, **flags: bool) -> None:
    person.title = title
    person.user = User.objects.create(
        username=username,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        password=password_hash,
        **flags,
    )
    person.save(update_fields=["user", "title"])


def _members(alliance: Alliance, rng: random.Random) -> dict[str, list[Person]]:
    """Organisations, their people and roles; the demo logins go to named people."""
    people = _People(rng)
    staff: dict[str, list[Person]] = {}
    for key, name, short, sector, role, count in ORGANISATIONS:
        since = FOUNDED + datetime.timedelta(days=rng.choice([0, 0, 0, 180, 400, 700]))
        organisation = services.admit_new_organisation(
            alliance, name=name, short_name=short, sector=sector, since=since
        ).organisation
        staff[key] = [people.create(organisation, key) for _ in range(count)]
        for index, person in enumerate(staff[key]):
            person_role = ROLE_EXCEPTIONS.get((key, index), role)
            services.grant_role(alliance, person, person_role, since, organisation)
    password_hash = make_password(settings.DEMO_PASSWORD)
    for username, key, index, title in DEMO_LOGINS:
        _login(staff[key][index], username, password_hash, title=title)
    staff["wohnen"][1].title = "Amtsleitung"
    staff["wohnen"][1].save(update_fields=["title"])
    admin = people.create(staff["wohnen"][0].organisations.get(), "wohnen", "IT-Administration")
    _login(
        admin, "admin", password_hash, title="IT-Administration", is_staff=True, is_superuser=True
    )
    later: dict[str, list[Person]] = {}
    for key, name, short, sector, role, count in LATER_ORGANISATIONS:
        organisation = services.admit_new_organisation(
            alliance, name=name, short_name=short, sector=sector, since=FOUNDED
        ).organisation
        later[key] = [people.create(organisation, key) for _ in range(count)]
        for person in later[key]:
            services.grant_role(alliance, person, role, FOUNDED, organisation)
    for username, key, index, title in LATER_LOGINS:
        _login(later[key][index], username, password_hash, title=title)
    return staff


def _bodies(alliance: Alliance, staff: dict[str, list[Person]]) -> None:
    everyone = [p for people in staff.values() for p in people]
    services.create_body(
        alliance,
        BodyKind.PLENUM,
        "Plenum",
        mandate="Befasst sich mit den Ergebnissen der Arbeitsgruppen und mit Schwerpunktthemen; "
        "tagt halbjährlich.",
        chairs=staff["dezernat"],
        members=everyone,
    )
    chairs = []
    for short, name, mandate, chair_org, member_orgs in WORKING_GROUPS:
        chair = staff[chair_org][0]
        chairs.append(chair)
        services.create_body(
            alliance,
            BodyKind.WORKING_GROUP,
            name,
            short_name=short,
            mandate=mandate,
            chairs=[chair],
            members=[p for org in member_orgs for p in staff[org]],
        )
    head_of_office = staff["wohnen"][1]
    services.create_body(
        alliance,
        BodyKind.STEERING_GROUP,
        "Steuerungsgruppe",
        mandate="Die Leitungen der Arbeitsgruppen und die Amtsleitung koordinieren die Arbeit und "
        "bereiten die Plenumssitzungen vor.",
        chairs=[head_of_office],
        members=[*chairs, staff["wohnen"][0], *staff["dezernat"]],
    )


def _regional(territory: Territory, staff: dict[str, list[Person]]) -> None:
    founded = datetime.date(2021, 6, 15)
    region = services.found_alliance(
        "Regionales Wohnbündnis Musterland",
        "region-musterland",
        territory.region,
        founded=founded,
        summary="Die Stadt Musterstadt und die Gemeinden der Region stimmen Wohnungsbau, "
        "Bauland und Förderung über Gemeindegrenzen hinweg ab.",
    )
    roles = {key: role for key, _n, _s, _sec, role, _c in ORGANISATIONS}
    members = []
    for key in REGIONAL_MEMBERS:
        person = staff[key][0]
        services.admit_organisation(region, person.organisations.get(), founded)
        services.grant_role(region, person, roles[key], founded, person.organisations.get())
        members.append(person)
    services.grant_role(
        region,
        staff["planung"][0],
        Role.COORDINATION,
        founded,
        staff["planung"][0].organisations.get(),
    )
    services.create_body(
        region, BodyKind.PLENUM, "Regionalkonferenz", chairs=[staff["planung"][0]], members=members
    )


def generate(rng: random.Random, territory: Territory) -> Alliance:
    alliance = services.found_alliance(
        "Musterstädter Bündnis für bezahlbares Wohnen",
        "musterstadt",
        territory.city,
        founded=FOUNDED,
        summary=CITY_SUMMARY,
    )
    staff = _members(alliance, rng)
    _bodies(alliance, staff)
    _regional(territory, staff)
    return alliance
