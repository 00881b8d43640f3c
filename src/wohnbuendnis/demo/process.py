"""The alliance process and the action concept of Musterstadt: two years of meetings with
agendas, attendance and minutes in every workflow state, the four guidelines (as Kassel's:
Quantität, Qualität, Preis, Zugang), goals, 24 measures from A to Z, the self-commitment
"Musterstadt vermietet fair" and the building-project pipeline. Invented data, fixed seed.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance, Body, BodyKind, Organisation, Sector
from wohnbuendnis.concept import services as concept
from wohnbuendnis.concept.models import (
    ActionFieldKind,
    Goal,
    GoalKind,
    GoalNature,
    Measure,
    MeasureStatus,
    ProjectStatus,
    TargetGroup,
)
from wohnbuendnis.meetings import services as meetings
from wohnbuendnis.meetings.models import (
    AttendanceStatus,
    Meeting,
    MinutesStatus,
    MinutesStatusChange,
)
from wohnbuendnis.monitoring import catalogue
from wohnbuendnis.monitoring.models import Indicator

TOPICS = {
    BodyKind.PLENUM: [
        ("Begrüßung und Protokoll der letzten Sitzung", True),
        ("Berichte aus den Arbeitsgruppen", True),
        ("Wohnungsmarktbarometer: aktuelle Zahlen", True),
        ("Stand der Handlungsempfehlungen", True),
        ("Personalien und Verschiedenes", False),
    ],
    BodyKind.WORKING_GROUP: [
        ("Stand der Maßnahmen der AG", True),
        ("Fallbeispiele aus der Praxis", False),
        ("Vorbereitung des Berichts an das Plenum", True),
        ("Termine und Verschiedenes", True),
    ],
    BodyKind.STEERING_GROUP: [
        ("Vorbereitung der Plenumssitzung", True),
        ("Überfällige Aufgaben", False),
        ("Berichte der AG-Leitungen", True),
    ],
}
RESULTS = [
    "Die Mitglieder nehmen den Bericht zustimmend zur Kenntnis.",
    "Die Arbeitsgruppe legt bis zur nächsten Sitzung einen Vorschlag vor.",
    "Das Plenum empfiehlt, die Förderrichtlinie um eine Quote für barrierefreie Wohnungen zu ergänzen.",
    "Die Zahlen zeigen weiter steigende Angebotsmieten bei kleinen Wohnungen.",
    "Drei Wohnungsunternehmen sagen zu, geeignete Wohnungen zu melden.",
    "Die Koordination lädt zu einer Abendveranstaltung ein.",
]
DECISIONS = [
    "Einstimmig beschlossen.",
    "Beschlossen bei zwei Enthaltungen.",
    "",
    "",
]
TASKS = [
    "Koordination: Einladung zur Abendveranstaltung versenden.",
    "AG-Leitung: Zwischenbericht für das Plenum vorbereiten.",
    "Statistikstelle: Zahlen für das Barometer aktualisieren.",
    "",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _meeting_days(body: Body, today: datetime.date) -> list[datetime.date]:
    """Past meetings over two years, newest last; the Plenum twice a year."""
    step = {BodyKind.PLENUM: 182, BodyKind.WORKING_GROUP: 121, BodyKind.STEERING_GROUP: 121}[
        body.kind
    ]
    first = 21 + body.position * 3  # the newest meeting, days ago
    return sorted(today - datetime.timedelta(days=first + k * step) for k in range(730 // step))


def _schedule(rng: random.Random, body: Body, day: datetime.date, by: User) -> Meeting:
    members = list(body.members.all())
    topics = TOPICS[body.kind]
    agenda = [
        {
            "title": title,
            "duration_minutes": rng.choice([10, 15, 20, 30, 45]),
            "responsible": rng.choice(members),
            "public": public,
        }
        for title, public in topics
    ]
    place = rng.choice(["Rathaus, Sitzungssaal 2", "Stadthaus, Raum 114", ""])
    return meetings.schedule_meeting(
        body,
        by,
        title=f"{'Sitzung' if body.kind != BodyKind.PLENUM else 'Plenumssitzung'} {day:%m/%Y}",
        starts_at=_at(day, 16 if body.kind == BodyKind.PLENUM else 10),
        ends_at=_at(day, 18 if body.kind == BodyKind.PLENUM else 12),
        place=place,
        video_url="" if place else "https://video.musterstadt.example/buendnis",
        agenda=agenda,
    )


def _attend(rng: random.Random, meeting: Meeting, must: set[int], by: User) -> None:
    statuses = {
        person: AttendanceStatus.PRESENT
        if person.pk in must or rng.random() < 0.75
        else AttendanceStatus.EXCUSED
        for person in meeting.body.members.all()
    }
    meetings.record_attendance(meeting, statuses, by)


def _texts(rng: random.Random, meeting: Meeting) -> dict[int, dict[str, str]]:
    return {
        item.position: {
            "results": rng.choice(RESULTS),
            "decisions": rng.choice(DECISIONS),
            "tasks": rng.choice(TASKS),
        }
        for item in meeting.agenda_items.all()
    }


def _backdate(minutes, day: datetime.date) -> None:
    """Status changes of past minutes get plausible dates (demo only; services stamp now)."""
    for offset, change in enumerate(MinutesStatusChange.objects.filter(minutes=minutes)):
        at = _at(day + datetime.timedelta(days=3 + 10 * offset), 9)
        MinutesStatusChange.objects.filter(pk=change.pk).update(at=at)
    if minutes.approved_at:
        type(minutes).objects.filter(pk=minutes.pk).update(
            approved_at=_at(day + datetime.timedelta(days=23), 9),
            published_at=_at(day + datetime.timedelta(days=33), 9)
            if minutes.published_at
            else None,
        )


def _minutes(rng, meeting: Meeting, target: str, by: User, member: User, today) -> None:
    taker = meeting.body.chairs.first() or meeting.body.members.first()
    minutes = meetings.draft_minutes(meeting, taker, by, _texts(rng, meeting))
    if target == MinutesStatus.DRAFTED:
        return
    day = meeting.starts_at.date()
    still_open = target in (MinutesStatus.CIRCULATED, MinutesStatus.COMMENTED)
    deadline = (
        today + datetime.timedelta(days=14) if still_open else day + datetime.timedelta(days=21)
    )
    minutes = meetings.circulate_minutes(minutes, by, deadline, notify=False, today=deadline)
    if target == MinutesStatus.CIRCULATED:
        return
    item = minutes.items.exclude(results="").first()
    amendment = meetings.propose_amendment(
        item,
        member,
        field="results",
        passage=item.results[:20],
        proposal=item.results[:20] + " (ergänzt)",
    )
    if target == MinutesStatus.COMMENTED:
        return
    meetings.accept_amendment(amendment, by, "Übernommen, danke.")
    minutes = meetings.approve_minutes(minutes, by, notify=False)
    if target == MinutesStatus.PUBLISHED:
        minutes = meetings.publish_minutes(minutes, by)
    _backdate(minutes, day)


def _target_state(body: Body, index: int, count: int) -> str:
    newest = index == count - 1
    if body.kind == BodyKind.PLENUM and newest:
        return MinutesStatus.DRAFTED
    if body.position == 1 and newest:
        return MinutesStatus.CIRCULATED
    if body.position == 2 and newest:
        return MinutesStatus.COMMENTED
    if body.position == 3 and newest:
        return MinutesStatus.APPROVED
    return MinutesStatus.PUBLISHED


def _meetings(rng: random.Random, alliance: Alliance, by: User, member: User) -> None:
    today = timezone.localdate()
    must = {by.person.pk, member.person.pk}
    must |= set(
        User.objects.filter(username__in=["vermieter", "fachamt"]).values_list("person", flat=True)
    )
    for body in alliance.bodies.order_by("position"):
        days = _meeting_days(body, today)
        for index, day in enumerate(days):
            meeting = _schedule(rng, body, day, by)
            meetings.send_invitations(meeting, by, notify=False)
            _attend(rng, meeting, must, by)
            _minutes(rng, meeting, _target_state(body, index, len(days)), by, member, today)
        if body.kind == BodyKind.PLENUM:
            upcoming = _schedule(rng, body, today + datetime.timedelta(days=60), by)
            meetings.send_invitations(upcoming, by, notify=False)
    first = Meeting.objects.filter(body__alliance=alliance, body__kind=BodyKind.PLENUM).first()
    resolution = meetings.record_resolution(
        first,
        "P-1",
        "Das Plenum empfiehlt eine Quote von 30 % geförderten Wohnungen bei Neubauvorhaben.",
    )
    for title, owner, days in [
        ("Entwurf der Quotenregelung für den Bauausschuss vorlegen", member, -30),
        ("Stellungnahmen der Wohnungsunternehmen zur Quote einholen", by, 45),
    ]:
        meetings.create_task(
            resolution, by, title=title, owner=owner.person, due=today + datetime.timedelta(days)
        )


# --- the action concept -----------------------------------------------------------------------

GUIDELINES = [
    ("Quantität", "Ausreichend Wohnungen bauen und Bauland aktivieren."),
    ("Qualität", "Wohnungen und Quartiere barrierearm, klimagerecht und lebenswert gestalten."),
    ("Preis", "Wohnen bezahlbar halten, gebundene Bestände sichern."),
    ("Zugang", "Allen Gruppen Zugang zu Wohnraum verschaffen, ohne Diskriminierung."),
]
ACTION_FIELDS = [
    (ActionFieldKind.MARKET, "Neubau und Bauland"),
    (ActionFieldKind.MARKET, "Bestand und Mietpreise"),
    (ActionFieldKind.TARGET_GROUP, "Familien, Ältere und Menschen mit Behinderungen"),
    (ActionFieldKind.TARGET_GROUP, "Wohnungsnotfälle und Geflüchtete"),
    (ActionFieldKind.QUARTER, "Quartiere stabilisieren"),
    (ActionFieldKind.QUARTER, "Innenentwicklung im Quartier"),
]
# code, guideline, title, target group, indicator, unit, target, high, kind, direction, actuals
GOALS = [
    ("Q1", 0, "650 fertiggestellte Wohnungen pro Jahr", TargetGroup.ALL, "completions", "Wohnungen", 650, None, GoalKind.ANNUAL, "up", (590, 700)),
    ("Q2", 0, "1.000 geförderte Wohnungen bis 2030", TargetGroup.LOW_INCOME, "social_housing_new", "Wohnungen", 1000, None, GoalKind.CUMULATIVE, "up", (80, 170)),
    ("Q3", 0, "Baulandreserve von mindestens 40 ha halten", TargetGroup.ALL, "building_land_reserve_ha", "ha", 40, None, GoalKind.ANNUAL, "up", (35, 44)),
    ("Q4", 0, "Innenentwicklung vor Außenentwicklung", TargetGroup.ALL, "", "", None, None, GoalKind.ANNUAL, "up", None),
    ("L1", 1, "30 barrierefreie Wohnungen pro Jahr in den Bauvorhaben des Bündnisses", TargetGroup.DISABLED, "accessible_completions", "Wohnungen", 30, None, GoalKind.ANNUAL, "up", (20, 40)),
    ("L2", 1, "Quartiere mit sozialen Treffpunkten ausstatten", TargetGroup.ALL, "", "", None, None, GoalKind.ANNUAL, "up", None),
    ("L3", 1, "Wohnungstausch für Ältere erleichtern", TargetGroup.SENIORS, "", "", None, None, GoalKind.ANNUAL, "up", None),
    ("P1", 2, "Angebotsmiete im Korridor 8,50–9,50 €/m²", TargetGroup.ALL, "asking_rent_eur_m2", "€/m²", 8.5, 9.5, GoalKind.BAND, "down", (8.9, 9.9)),
    ("P2", 2, "Auslaufende Bindungen durch neue ausgleichen", TargetGroup.LOW_INCOME, "social_housing_stock", "Wohnungen", 9000, None, GoalKind.ANNUAL, "up", (8400, 9100)),
    ("P3", 2, "Bezahlbarer Wohnraum für Studierende", TargetGroup.YOUNG, "", "", None, None, GoalKind.ANNUAL, "up", None),
    ("Z1", 3, "Wohnungsnotfälle in höchstens 90 Tagen versorgen", TargetGroup.LOW_INCOME, "days_to_housing", "Tage", 90, None, GoalKind.ANNUAL, "down", (80, 120)),
    ("Z2", 3, "Geflüchtete dezentral mit Wohnraum versorgen", TargetGroup.REFUGEES, "refugees_in_flats_share", "%", 70, None, GoalKind.ANNUAL, "up", (60, 75)),
]  # fmt: skip
MEASURES = [
    "Aktive Liegenschaftspolitik", "Baulandmodell mit Förderquote", "Beratung für Vermieterinnen und Vermieter",
    "Dachaufstockung und Nachverdichtung", "Erbbaurecht für gemeinwohlorientierte Träger", "Förderprogramm Sozialwohnungen",
    "Gemeinschaftliche Wohnprojekte unterstützen", "Housing First", "Innenentwicklungskataster",
    "Junges Wohnen und Azubiwohnen", "Konzeptvergabe städtischer Grundstücke", "Leerstandsaktivierung",
    "Mietspiegel qualifizieren", "Nachbarschaften stärken", "Ortsteilzentren beleben",
    "Prioritätenliste und Benennungsrecht", "Quartiersmanagement", "Rückkauf von Belegungsbindungen",
    "Schulungsreihe „Musterstadt wohnt“", "Tauschbörse für Wohnungen", "Umbau für barrierearmes Wohnen",
    "Verstetigung des Wohnungsmarktbarometers", "Wohnungsnotfallhilfe ausbauen", "Zusammenarbeit von Stadt und Region",
]  # fmt: skip
LARGE_PROJECTS = [
    ("Quartier Alte Gießerei", 230, 120, "GWM"),
    ("Brauerei-Areal", 116, 50, "Eintracht eG"),
    ("Ehemalige Husarenkaserne", 81, 40, "Heimstätte"),
]
SMALL_PROJECTS = [
    "Lindenstraße 12", "Am Mühlbach", "Wohnhof Rosenhöhe", "Fasanenweg", "Baulücke Kirchgasse",
    "Talaue Nord", "Seniorenwohnen Eichwald", "Gartenhof Weststadt", "Bahnhofstraße 40",
    "Genossenschaftshaus Nordstadt", "Sonnenberg-Terrassen", "Hafenspeicher",
]  # fmt: skip
COMMITMENT_TEXT = (
    "1. Wir vermieten fair und ohne Diskriminierung.\n"
    "2. Wir melden freie geförderte Wohnungen der Kooperativen Wohnungsvermittlung.\n"
    "3. Wir halten Mieterhöhungen in unseren Beständen maßvoll.\n"
    "4. Wir bauen barrierearm um, wo es möglich ist.\n"
    "5. Wir berichten jährlich über unsere Fortschritte."
)
SIGNATORIES = [
    "GWM",
    "Eintracht eG",
    "Vorwärts eG",
    "Wohnstadt",
    "BG 1894",
    "Heimstätte",
    "Nordwohnen",
]


def _goals(rng, alliance, guidelines, by, this_year) -> list:
    goals = []
    for code, g, title, group, indicator, unit, target, high, kind, direction, actuals in GOALS:
        quantitative = target is not None
        goal = concept.create_goal(
            guidelines[g],
            code=code,
            title=title,
            nature=GoalNature.QUANTITATIVE if quantitative else GoalNature.QUALITATIVE,
            target_group=group,
            area=alliance.area,
            year_from=2023,
            year_to=2030,
            indicator=indicator,
            unit=unit,
            target=target,
            target_high=high,
            kind=kind,
            direction=direction,
        )
        for year in range(2023, this_year) if quantitative else ():
            value = round(rng.uniform(*actuals), 1 if high else 0)
            concept.record_goal_measurement(goal, year, value, by, "Statistikstelle Musterstadt")
        goals.append(goal)
    return goals


def _measures(rng, alliance, guidelines, goals, fields, orgs, by, today) -> None:
    bodies = list(alliance.bodies.filter(kind=BodyKind.WORKING_GROUP))
    leads = [o for o in orgs if o.sector in (Sector.ADMINISTRATION, Sector.HOUSING_INDUSTRY)]
    statuses = (
        [MeasureStatus.IN_PROGRESS] * 5
        + [MeasureStatus.DONE] * 2
        + [MeasureStatus.PLANNED, MeasureStatus.DEFERRED]
    )
    for number, title in enumerate(MEASURES, start=1):
        g = (number - 1) % 4
        start = datetime.date(2023, rng.randint(1, 12), 1)
        measure = concept.create_measure(
            guidelines[g],
            by,
            number=number,
            title=title,
            action_field=rng.choice(fields),
            lead=rng.choice(leads),
            body=rng.choice(bodies),
            cost_eur=rng.choice([None, 20000, 50000, 150000, 2500000]),
            funding=rng.choice(
                ["Haushalt der Stadt", "Landesförderung", "Eigenmittel der Partner", ""]
            ),
            start=start,
            end=datetime.date(rng.randint(2026, 2030), 12, 31),
            partners=rng.sample(orgs, 3),
            goals=[x for x in goals if x.guideline_id == guidelines[g].pk][:2],
        )
        concept.add_milestone(measure, "Konzept abgestimmt", start + datetime.timedelta(days=180))
        milestone = concept.add_milestone(
            measure, "Umsetzung gestartet", start + datetime.timedelta(days=400)
        )
        status = rng.choice(statuses)
        if status == MeasureStatus.PLANNED:
            continue
        if status in (MeasureStatus.IN_PROGRESS, MeasureStatus.DONE):
            concept.set_measure_status(measure, by, MeasureStatus.IN_PROGRESS, rng.randint(10, 80))
            concept.reach_milestone(milestone, min(milestone.due, today))
        if status != MeasureStatus.IN_PROGRESS:
            concept.set_measure_status(measure, by, status, note="Stand laut Steuerungsgruppe")


def _pipeline(rng, alliance, orgs_by_short, by, this_year) -> None:
    districts = list(alliance.area.children.order_by("key"))
    for name, units, social, developer in LARGE_PROJECTS:
        concept.register_building_project(
            alliance, by, datetime.date(2023, 5, 1), name=name, area=rng.choice(districts),
            developer=orgs_by_short[developer], dwellings=units, social_dwellings=social,
            binding_years=30, accessible_dwellings=units // 4, expected_completion=this_year + rng.randint(1, 3),
        )  # fmt: skip
    landlords = [o for k, o in orgs_by_short.items() if k in SIGNATORIES]
    for name in SMALL_PROJECTS:
        units = rng.randint(8, 45)
        status = rng.choice(list(ProjectStatus))
        done = status == ProjectStatus.COMPLETED
        project = concept.register_building_project(
            alliance, by, datetime.date(2022, 3, 1), name=name, area=rng.choice(districts),
            developer=rng.choice(landlords), dwellings=units, social_dwellings=rng.randint(0, units // 2),
            binding_years=rng.choice([15, 20, 25]), accessible_dwellings=rng.randint(0, units // 3),
            expected_completion=this_year - 1 if done else this_year + rng.randint(0, 2),
        )  # fmt: skip
        if status != ProjectStatus.PLANNING:
            concept.advance_building_project(project, by, status, datetime.date(2024, 6, 1))


def _commitment(rng, alliance, orgs_by_short, by, this_year) -> None:
    commitment = concept.adopt_commitment(
        alliance, "Musterstadt vermietet fair", COMMITMENT_TEXT, datetime.date(2023, 11, 20)
    )
    for short in SIGNATORIES:
        signature = concept.sign_commitment(
            commitment, orgs_by_short[short], datetime.date(2023, 11, 20), "Geschäftsführung"
        )
        for year in range(2024, this_year):
            flats = rng.randint(5, 60)
            text = f"{flats} freie geförderte Wohnungen gemeldet; Schulung „Musterstadt wohnt“ besucht."
            concept.report_commitment_progress(signature, year, text, by)


def _concept(rng: random.Random, alliance: Alliance, by: User) -> None:
    today = timezone.localdate()
    guidelines = [concept.create_guideline(alliance, n, t) for n, t in GUIDELINES]
    fields = [
        concept.create_action_field(alliance, k, n, position=i)
        for i, (k, n) in enumerate(ACTION_FIELDS)
    ]
    goals = _goals(rng, alliance, guidelines, by, today.year)
    orgs = list(
        Organisation.objects.filter(alliance_memberships__alliance=alliance).order_by("name")
    )
    orgs_by_short = {o.short_name: o for o in orgs}
    concept.create_conflict(
        alliance,
        "Qualitätsstandards und niedrige Mieten",
        description="Höhere Standards (Barrierefreiheit, Energie) erhöhen die Baukosten und damit die Mieten.",
        goals=[goals[4], goals[7]],
        agreed_handling="Förderung deckt Mehrkosten barrierefreier Wohnungen; Standards werden je Vorhaben abgewogen.",
        positions={
            orgs_by_short["GWM"]: "Standards nur mit zusätzlicher Förderung erreichbar.",
            orgs_by_short["Behindertenbeirat"]: "Barrierefreiheit ist nicht verhandelbar.",
            orgs_by_short[
                "Mieterbund"
            ]: "Modernisierungskosten dürfen nicht allein die Mieter tragen.",
        },
    )
    concept.create_conflict(
        alliance,
        "Neubau und Nachbarschaft",
        description="Nachverdichtung stößt bei Nachbarinnen und Nachbarn auf Widerstand.",
        goals=[goals[0], goals[3]],
        agreed_handling="Frühe Beteiligung im Quartier, Freiräume werden aufgewertet.",
        positions={
            orgs_by_short["Haus & Grund"]: "Eigentümerinteressen müssen gewahrt bleiben.",
            orgs_by_short["Stadtplanung"]: "Innenentwicklung schont Flächen am Stadtrand.",
        },
    )
    _measures(rng, alliance, guidelines, goals, fields, orgs, by, today)
    # Koordination has released the measures' status and the actual values: the public page
    # shows them (later changes wait for release)
    concept.release_all(alliance, by)
    _pipeline(rng, alliance, orgs_by_short, by, today.year)
    catalogue.seed(Indicator)  # a flushed test database has lost the seeded catalogue
    concept.publish_pipeline_to_monitoring(alliance, today.year, by)
    _commitment(rng, alliance, orgs_by_short, by, today.year)
    _last_year(alliance, by, today)
    # the council adopted the concept a year ago: the public concept page shows this edition
    edition = concept.start_edition(alliance, by, title="Handlungskonzept Wohnen Musterstadt")
    concept.adopt_edition(
        edition,
        by,
        decided_on=today - datetime.timedelta(days=365),
        printed_matter=f"DS {today.year - 1}/0815",
    )
    _evaluation(alliance, by, today)


# milestones of the year before (the yearly progress report's default year) and of this year:
# measure number, title, due (month, day), reached (month, day) or None, year offset
MILESTONES = [
    (2, "Baulandmodell im Rat beschlossen", (3, 31), (3, 12), -1),
    (5, "Erster Erbbaurechtsvertrag unterzeichnet", (6, 30), (7, 15), -1),
    (11, "Zwei Grundstücke in Konzeptvergabe ausgeschrieben", (9, 30), (9, 1), -1),
    (6, "Förderrichtlinie überarbeitet", (10, 31), None, -1),
    (15, "Ortsteilzentrum Nord eröffnet", (6, 30), None, 0),
    (23, "Zweite Beratungsstelle eröffnet", (9, 30), None, 0),
]


def _last_year(alliance: Alliance, by: User, today: datetime.date) -> None:
    """Milestones reached and missed last year and due this year (in the adopted edition)."""
    measures = {m.number: m for m in Measure.objects.filter(alliance=alliance)}
    for number, title, due, reached, offset in MILESTONES:
        year = today.year + offset
        milestone = concept.add_milestone(measures[number], title, datetime.date(year, *due), by=by)
        if reached is not None:
            concept.reach_milestone(milestone, datetime.date(year, *reached), by=by)


ASSESSMENTS = {
    "Q1": "Die Fertigstellungen schwanken stark; das Baulandmodell soll sie verstetigen.",
    "Q2": "Der Rückstand beim geförderten Wohnungsbau ist groß; die Förderung wird erhöht.",
    "P1": "Die Angebotsmieten liegen über dem Korridor; der Mietspiegel wird qualifiziert.",
    "Z1": "Die Wohnungsnotfallhilfe wird ausgebaut, um die Versorgung zu beschleunigen.",
}


def _evaluation(alliance: Alliance, by: User, today: datetime.date) -> None:
    """The steering group's evaluation of the years since the concept started, assessed and
    frozen a month ago (the evaluation report shows it)."""
    period = concept.open_evaluation(
        alliance,
        by,
        title=f"Erfolgskontrolle 2023–{today.year - 1}",
        year_from=2023,
        year_to=today.year - 1,
    )
    codes = dict(Goal.objects.filter(alliance=alliance).values_list("code", "pk"))
    concept.assess_goals(period, by, {codes[c]: text for c, text in ASSESSMENTS.items()})
    concept.freeze_evaluation(period, by, on=today - datetime.timedelta(days=30))


def generate(rng: random.Random, alliance: Alliance) -> None:
    coordinator = User.objects.get(username="koordination")
    member = User.objects.get(username="mitglied")
    _meetings(rng, alliance, coordinator, member)
    _concept(rng, alliance, coordinator)
