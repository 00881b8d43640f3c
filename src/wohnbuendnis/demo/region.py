"""The region "Musterland" made real (issue 15, item 6): invented monitoring data for the 15
neighbours of Musterstadt, imported through the monitoring's import service like a
Regionalstatistik file; the regional alliance with its 16 municipalities as member
organisations (tied to their areas) beside housing companies, its concept with a regional goal
on the completions; a municipal alliance of one neighbour; and the state alliance "Allianz für
Wohnen in Musterland" above, with the regional and the city alliance as members and a service
desk for the municipalities.

Musterstadt's own figures are not written here: its municipal values are the city's values of
the monitoring part (aggregated from its districts), so the region's sums include exactly the
city's barometer totals.
"""

from __future__ import annotations

import csv
import datetime
import random
import tempfile
from pathlib import Path

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import Alliance, BodyKind, Organisation, Person, Sector
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.concept import services as concept
from wohnbuendnis.concept.models import GoalKind, GoalNature
from wohnbuendnis.demo.alliance import _ascii, _login
from wohnbuendnis.demo.monitoring import FIRST_YEAR, YEARS
from wohnbuendnis.demo.names import FIRST_NAMES, LAST_NAMES
from wohnbuendnis.monitoring.models import ImportKind
from wohnbuendnis.monitoring.queries.regional import roll_up
from wohnbuendnis.monitoring.services import aggregate_up, commit_import

REGION_SLUG = "region-musterland"
STATE_SLUG = "land-musterland"
SOURCE = "Demo-Daten (erfunden): Statistisches Landesamt Musterland"
#: Inhabitants at the end of the last year: every size class from < 5,000 to 50,000–100,000
#: (Musterstadt itself has > 100,000), drawn to the 15 neighbours in a fixed order.
SIZES = [64_000, 41_000, 26_500, 17_800, 13_200, 9_600, 7_900, 6_400, 5_300, 4_600, 3_800,
         3_100, 2_500, 1_900, 1_400]  # fmt: skip
#: Social housing is reported by the municipalities from 5,000 inhabitants (the villages
#: have none): the region's sum shows its coverage.
SOCIAL_HOUSING_FROM = 5_000
REGIONAL_COMPANIES = [
    ("Kreiswohnungsbau Region Musterland GmbH", "KWB", Sector.HOUSING_INDUSTRY),
    ("Baugenossenschaft Oberaue eG", "BG Oberaue", Sector.HOUSING_INDUSTRY),
]
STATE_ORGANISATIONS = [
    ("Ministerium für Bauen und Wohnen Musterland", "Bauministerium", Sector.ADMINISTRATION),
    ("Verband der Wohnungswirtschaft Musterland", "VdW Musterland", Sector.HOUSING_INDUSTRY),
    ("Städtetag Musterland", "Städtetag", Sector.ADMINISTRATION),
    ("Landkreistag Musterland", "Landkreistag", Sector.ADMINISTRATION),
    ("Mieterbund Landesverband Musterland e. V.", "Mieterbund LV", Sector.INTEREST_GROUP),
]
INDICATORS = [
    "population", "population_female", "share_under_18", "share_65_plus", "share_75_plus",
    "share_80_plus", "households",
    "household_size", "dwellings", "dwellings_per_1000", "completions", "completions_per_1000",
    "completions_single_family", "permits", "sgb2_recipients", "sgb2_rate",
    "social_housing_stock", "social_housing_share",
]  # fmt: skip


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def municipality_series(rng: random.Random, population: int) -> dict[str, list[float]]:
    """Yearly values of one municipality (indicator key → one value per year), ending with
    ``population`` inhabitants. Smaller places: larger households, more single-family houses,
    older people (and so slightly more women: women live longer), fewer SGB II recipients. The
    women and the share of 75+ follow from the other figures without drawing (the other
    towns' figures stay as they were)."""
    small = 1.0 - min(population, 100_000) / 100_000  # 1 for a village, 0 for a city
    growth = rng.gauss(0.003 - 0.004 * small, 0.003)
    status = rng.gauss(0, 1)
    out: dict[str, list[float]] = {key: [] for key in INDICATORS}
    dwellings = 0.0
    social = 0.0
    last = YEARS - 1
    for t in range(YEARS):
        people = round(population * (1 + growth) ** (t - last) * (1 + rng.gauss(0, 0.002)))
        size = 2.05 + 0.35 * small - 0.006 * t
        households = round(people / size)
        rate = _clamp((2.5 + 2.5 * small + 0.05 * t) * (1 + rng.gauss(0, 0.2)), 0.3, 12)
        completions = round(people * rate / 1000)
        if not dwellings:
            dwellings = households * (1.03 + 0.03 * small)
            social = dwellings * _clamp(0.05 - 0.03 * small + 0.01 * status, 0.01, 0.1)
        dwellings += completions - round(dwellings * 0.001)
        social = social * 0.975 + round(completions * 0.1 * (1 - small))
        sgb2_rate = _clamp(6.5 - 4 * small + 1.2 * status - 0.05 * t + rng.gauss(0, 0.2), 0.8, 20)
        young = _clamp(16.5 + 1.5 * small + rng.gauss(0, 0.2) - 0.04 * t, 5, 40)
        old = _clamp(20 + 4 * small + 0.15 * t + rng.gauss(0, 0.2), 5, 50)
        oldest = _clamp(5.5 + 1.5 * small + 0.08 * t + rng.gauss(0, 0.1), 1, 20)
        women = _clamp(49.4 + 0.07 * old, 50.5, 51.5)  # per cent: 51.0 at 65+ of 23 %
        values = {
            "population": people,
            "population_female": round(people * women / 100),
            "share_under_18": young,
            "share_65_plus": old,
            "share_75_plus": oldest + 0.3 * (old - oldest),  # about 11 %
            "share_80_plus": oldest,
            "households": households,
            "household_size": people / households,
            "dwellings": round(dwellings),
            "dwellings_per_1000": 1000 * round(dwellings) / people,
            "completions": completions,
            "completions_per_1000": 1000 * completions / people,
            "completions_single_family": round(completions * (0.35 + 0.55 * small)),
            "permits": max(0, round(completions * (1.05 + rng.gauss(0, 0.15)))),
            "sgb2_recipients": round(people * 0.8 * sgb2_rate / 100),
            "sgb2_rate": sgb2_rate,
            "social_housing_stock": round(social),
            "social_housing_share": 100 * round(social) / round(dwellings),
        }
        for key, value in values.items():
            out[key].append(value)
    if population < SOCIAL_HOUSING_FROM:
        del out["social_housing_stock"], out["social_housing_share"]
    return out


def _import(region: Alliance, towns: list[tuple[Area, int]], rng: random.Random) -> int:
    """The neighbours' figures as one file of the official statistics, through the import."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-region-musterland.csv"
        count = 0
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["indicator", "area", "year", "value", "source"])
            for area, population in towns:
                for key, series in municipality_series(rng, population).items():
                    for t, value in enumerate(series):
                        writer.writerow([key, area.key, FIRST_YEAR + t, round(value, 4), SOURCE])
                        count += 1
        commit_import(region, path, ImportKind.OBSERVATIONS)
    aggregate_up(region)  # the region's totals where every municipality reports
    return count


class _People:
    def __init__(self, rng: random.Random) -> None:
        pairs = [(f, la) for f in FIRST_NAMES for la in LAST_NAMES]
        rng.shuffle(pairs)
        self._pairs = iter(pairs)

    def create(self, organisation: Organisation, domain: str, title: str) -> Person:
        first, last = next(self._pairs)
        return services.create_person(
            first_name=first,
            last_name=last,
            title=title,
            email=f"{_ascii(first)}.{_ascii(last)}@{domain}.example",
            organisations=[organisation],
        )


def _coordinator(
    alliance: Alliance, person: Person, username: str, since: datetime.date, password: str
) -> User:
    """The alliance's Koordination with a demo login (the demo password, as the others)."""
    services.grant_role(alliance, person, Role.COORDINATION, since, person.organisations.get())
    _login(person, username, password, title=person.title)
    assert person.user is not None
    return person.user


def _region(
    rng: random.Random, region: Alliance, towns: list[tuple[Area, int]], people: _People
) -> list[Organisation]:
    """The 16 municipalities (the city first) and two regional housing companies as members."""
    founded = region.founded or datetime.date(2021, 6, 15)
    city = region.area.children.get(key="99100001")
    admitted = [
        services.admit_municipality(region, city, founded, name="Stadt Musterstadt").organisation
    ]
    for area, population in sorted(towns, key=lambda t: t[0].key):
        kind = "Stadt" if population >= 20_000 else "Gemeinde"
        since = founded + datetime.timedelta(days=rng.choice([0, 0, 0, 90, 200, 400]))
        member = services.admit_municipality(region, area, since, name=f"{kind} {area.name}")
        admitted.append(member.organisation)
    for name, short, sector in REGIONAL_COMPANIES:
        services.admit_new_organisation(
            region, name=name, short_name=short, sector=sector, since=founded
        )
    for organisation in admitted:
        mayor = (
            "Oberbürgermeister/in" if organisation.name.startswith("Stadt") else "Bürgermeister/in"
        )
        domain = _ascii(organisation.area.name if organisation.area else organisation.name)
        person = people.create(organisation, domain, mayor)
        services.grant_role(region, person, Role.MEMBER, founded, organisation)
    return admitted


def _regional_concept(region: Alliance, by: User, today: datetime.date) -> None:
    """The regional concept: a guideline, a goal on the region's completions (a count summed
    from the municipalities), its measurements from the roll-up, an adopted edition and the
    next evaluation."""
    guideline = concept.create_guideline(
        region,
        "Bedarfsgerechtes Wohnangebot in der Region",
        "Die Gemeinden stimmen Wohnungsbau und Bauland über Gemeindegrenzen hinweg ab, mit "
        "kleinen Wohnungen für Alleinstehende und Ältere.",
    )
    completions = {
        r.year: r.value
        for r in roll_up(region, ["completions"])
        if r.area.pk == region.area_id and r.complete
    }
    recent = [completions[y] for y in range(2021, today.year) if y in completions]
    yearly = sum(recent) / len(recent) if recent else 1000.0
    goal = concept.create_goal(
        guideline,
        code="R1",
        title="In der Region werden von 2021 bis 2030 zusammen so viele Wohnungen "
        "fertiggestellt, wie der Bedarf der Gemeinden erfordert.",
        nature=GoalNature.QUANTITATIVE,
        area=region.area,
        year_from=2021,
        year_to=2030,
        indicator="completions",
        unit="Wohnungen",
        target=round(yearly * 10 * 1.1, -2),
        kind=GoalKind.CUMULATIVE,
    )
    for year in range(2021, today.year):
        if year in completions:
            concept.record_goal_measurement(
                goal, year, completions[year], by, "Summe der Gemeinden (Monitoring)"
            )
    edition = concept.start_edition(region, by, title="Regionales Wohnraumversorgungskonzept")
    concept.adopt_edition(
        edition,
        by,
        decided_on=datetime.date(today.year - 2, 3, 15),
        printed_matter=f"Kreistag DS {today.year - 2}/112",
    )
    concept.open_evaluation(
        region,
        by,
        title=f"Zwischenbilanz 2021–{today.year + 1}",
        year_from=2021,
        year_to=today.year + 1,
    )


def _town(region: Alliance, area: Area, people: _People) -> Alliance:
    """A neighbour with an alliance of its own on the platform, member of the region's."""
    founded = datetime.date(2022, 4, 1)
    town = services.found_alliance(
        f"Bündnis für Wohnen {area.name}",
        _ascii(area.name),
        area,
        founded=founded,
        summary=f"Die Stadt {area.name}, ihre Wohnungsgesellschaft und der Mieterverein.",
    )
    organisation = Organisation.objects.get(area=area)
    services.admit_organisation(town, organisation, founded)
    lead = people.create(organisation, _ascii(area.name), "Fachbereich Bauen und Wohnen")
    services.grant_role(town, lead, Role.COORDINATION, founded, organisation)
    services.create_body(town, BodyKind.PLENUM, "Plenum", chairs=[lead], members=[lead])
    services.affiliate_alliance(region, town, founded)
    return town


def _state(city: Alliance, region: Alliance, people: _People, password: str) -> Alliance:
    """The state alliance (seed 002): ministry, associations and the Land's housing
    companies; the regional and the city alliance as members; plenum and two expert groups;
    the service desk for the municipalities."""
    founded = datetime.date(2019, 9, 1)
    state = services.found_alliance(
        "Allianz für Wohnen in Musterland",
        STATE_SLUG,
        region.area.parent,
        founded=founded,
        summary="Das Land, die kommunalen Spitzenverbände, die Wohnungswirtschaft und der "
        "Mieterbund arbeiten für mehr bezahlbaren Wohnraum in Musterland; die Servicestelle "
        "berät die Gemeinden beim Aufbau ihrer Bündnisse und Handlungskonzepte.",
    )
    organisations = []
    for name, short, sector in STATE_ORGANISATIONS:
        organisations.append(
            services.admit_new_organisation(
                state, name=name, short_name=short, sector=sector, since=founded
            ).organisation
        )
    for short in ("Heimstätte", "Förderbank"):  # the Land's own housing company and bank
        organisation = Organisation.objects.get(short_name=short)
        organisations.append(services.admit_organisation(state, organisation, founded).organisation)
    staff = [
        people.create(o, _ascii(o.short_name), "Vertretung in der Allianz") for o in organisations
    ]
    for person, organisation in zip(staff, organisations, strict=True):
        services.grant_role(state, person, Role.MEMBER, founded, organisation)
    lead = people.create(organisations[0], "bauministerium", "Referat Wohnungswesen")
    coordinator = _coordinator(state, lead, "land", founded, password)
    # Musterstadt's coordinator represents the city's alliance in the state alliance
    city_lead = User.objects.get(username="koordination").person
    services.grant_role(state, city_lead, Role.MEMBER, founded)
    services.create_body(
        state,
        BodyKind.PLENUM,
        "Plenum der Allianz",
        mandate="Tagt zweimal im Jahr; beschließt Empfehlungen an Land und Gemeinden.",
        chairs=[lead],
        members=[lead, *staff, city_lead],
    )
    for name, short, chair in (
        ("Fachgruppe Bauland und Baukosten", "FG 1", staff[1]),
        ("Fachgruppe Wohnraumförderung", "FG 2", staff[-1]),
    ):
        services.create_body(
            state, BodyKind.WORKING_GROUP, name, short_name=short, chairs=[chair],
            members=[chair, lead, *staff[2:4]],
        )  # fmt: skip
    services.set_service_desk(
        state,
        contact="Servicestelle Wohnen für die Gemeinden, Landesheimstätte Musterland",
        email="servicestelle-wohnen@heimstaette-musterland.example",
        phone="0999 123 456-0",
        by=coordinator,
    )
    services.affiliate_alliance(state, city, datetime.date(2020, 1, 1), by=coordinator)
    services.affiliate_alliance(state, region, datetime.date(2021, 9, 1), by=coordinator)
    _state_meetings(state, coordinator)
    return state


#: The agendas of the state alliance (seed 002: plenary sessions twice a year, expert groups
#: preparing recommendations to the Land and the municipalities): (title, public).
STATE_AGENDA = {
    BodyKind.PLENUM: [
        ("Begrüßung durch das Bauministerium", True),
        ("Bericht der Servicestelle: Beratungen der Gemeinden", True),
        ("Empfehlungen der Fachgruppen", True),
        ("Wohnraumförderprogramm des Landes: Stand der Mittel", True),
        ("Verschiedenes", False),
    ],
    BodyKind.WORKING_GROUP: [
        ("Stand der Empfehlungen der Fachgruppe", True),
        ("Erfahrungen aus den Gemeinden", False),
        ("Vorbereitung des Berichts an das Plenum", True),
    ],
}


def _state_meetings(state: Alliance, coordinator: User) -> None:
    """The state alliance's own meetings, through the meetings services as a coordinator
    would: two past plenary sessions with published minutes, the next one invited, and one
    meeting of each expert group ahead."""
    from django.utils import timezone

    from wohnbuendnis.demo import process
    from wohnbuendnis.meetings import services as meetings
    from wohnbuendnis.meetings.models import MinutesStatus

    rng = random.Random(STATE_SLUG)
    today = timezone.localdate()
    member = User.objects.get(username="koordination")  # the city's alliance, a member
    plenum = state.bodies.get(kind=BodyKind.PLENUM)
    days = [(plenum, today - datetime.timedelta(days=d)) for d in (400, 218)]
    days += [(plenum, today + datetime.timedelta(days=45))]
    days += [
        (body, today + datetime.timedelta(days=20 + 7 * i))
        for i, body in enumerate(state.bodies.filter(kind=BodyKind.WORKING_GROUP).order_by("pk"))
    ]
    for body, day in days:
        members = list(body.members.all())
        hour = 10 if body.kind == BodyKind.PLENUM else 14
        meeting = meetings.schedule_meeting(
            body,
            coordinator,
            title=f"{body.short_name or 'Plenum'} {day:%m/%Y}",
            starts_at=process._at(day, hour),
            ends_at=process._at(day, hour + 3),
            place="Bauministerium Musterland, Konferenzsaal",
            agenda=[
                {"title": title, "duration_minutes": 30, "responsible": rng.choice(members),
                 "public": public}
                for title, public in STATE_AGENDA[body.kind]
            ],
        )  # fmt: skip
        meetings.send_invitations(meeting, coordinator, notify=False)
        if day < today:
            process._attend(rng, meeting, {coordinator.person.pk, member.person.pk}, coordinator)
            process._minutes(rng, meeting, MinutesStatus.PUBLISHED, coordinator, member, today)


def generate(rng: random.Random, city: Alliance) -> Alliance:
    """Everything of the region and the Land; returns the state alliance."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    today = datetime.date.today()
    password = make_password(settings.DEMO_PASSWORD)
    region = Alliance.objects.get(slug=REGION_SLUG)
    neighbours = list(
        region.area.children.filter(level=AreaLevel.MUNICIPALITY)
        .exclude(pk=city.area_id)
        .order_by("key")
    )
    sizes = list(SIZES)
    rng.shuffle(sizes)
    towns = list(zip(neighbours, sizes, strict=True))
    _import(region, towns, random.Random(rng.random()))
    people = _People(rng)
    _region(rng, region, towns, people)
    region_lead = Person.objects.get(
        memberships__alliance=region, memberships__role=Role.COORDINATION
    )
    _login(region_lead, "region", password, title="Koordination des Regionalen Wohnbündnisses")
    coordinator = region_lead.user
    city_lead = User.objects.get(username="koordination").person
    services.grant_role(region, city_lead, Role.MEMBER, region.founded)
    services.affiliate_alliance(region, city, region.founded, by=coordinator)
    largest = max(towns, key=lambda t: t[1])[0]
    _town(region, largest, people)
    _regional_concept(region, coordinator, today)
    return _state(city, region, people, password)
