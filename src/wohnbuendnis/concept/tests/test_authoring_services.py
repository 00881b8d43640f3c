"""Writing the action concept through its services: refusals in German, nothing half written,
and two coordinators saving the same measure lose nothing silently (issue 12.4)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.tests.factories import (
    AllianceFactory,
    AreaFactory,
    OrganisationFactory,
)
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import (
    ActionFieldKind,
    CommitmentSignature,
    GoalNature,
    Measure,
    Priority,
    ProjectStatus,
)
from wohnbuendnis.monitoring.models import Aggregation, Direction, Topic
from wohnbuendnis.monitoring.services import indicators

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def alliance():
    return AllianceFactory()


@pytest.fixture
def guideline(alliance):
    return services.create_guideline(alliance, "Quantität", "Genug Wohnungen bauen.")


@pytest.fixture
def orgs(alliance):
    found = []
    for _i in range(3):
        org = OrganisationFactory()
        alliance_services.admit_organisation(alliance, org, datetime.date(2020, 1, 1))
        found.append(org)
    return found


@pytest.fixture
def user():
    return User.objects.create_user("ko", password="x")


def _measure(guideline, orgs, user, **fields):
    defaults = {"number": 1, "title": "Aktive Liegenschaftspolitik", "lead": orgs[0]}
    return services.create_measure(guideline, user, **{**defaults, **fields})


def _edit(measure: Measure, **changes) -> dict:
    fields = {name: getattr(measure, name) for name in services.MEASURE_FIELDS}
    fields.update(partners=list(measure.partners.all()), goals=list(measure.goals.all()))
    fields["areas"] = list(measure.areas.all())
    fields.update(changes)
    return fields


def test_guidelines_and_action_fields_are_named_once(alliance, guideline):
    with pytest.raises(ValidationError, match="Leitlinie „quantität“ gibt es schon"):
        services.create_guideline(alliance, "quantität")
    second = services.create_guideline(alliance, "Preis")
    assert second.position == 2
    services.update_guideline(second, name="Preis und Kosten", text=" Mieten ", position=5)
    second.refresh_from_db()
    assert (second.name, second.text, second.position) == ("Preis und Kosten", "Mieten", 5)
    field = services.create_action_field(alliance, ActionFieldKind.QUARTER, "Quartiere")
    assert field.get_kind_display() == "quartiersbezogene Maßnahmen"
    with pytest.raises(ValidationError, match="Namen"):
        services.update_action_field(field, kind=ActionFieldKind.MARKET, name=" ", position=1)


def test_a_goal_needs_a_finite_target_and_a_plausible_horizon(alliance, guideline):
    good = {
        "code": "Q1", "title": "650 Wohnungen pro Jahr", "nature": GoalNature.QUANTITATIVE,
        "year_from": 2024, "year_to": 2030, "indicator": "completions", "target": 650,
        "priority": Priority.HIGH, "area": alliance.area,
    }  # fmt: skip
    for bad, message in [
        ({"target": float("inf")}, "endliche Zahl"),
        ({"target": float("nan")}, "endliche Zahl"),
        ({"year_to": 2080}, "höchstens 30 Jahre"),
        ({"year_from": 1900}, "zwischen 1990 und 2100"),
        ({"year_to": 2020}, "vor dem Anfangsjahr"),
        ({"area": AreaFactory()}, "außerhalb des Bündnisses"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.create_goal(guideline, **{**good, **bad})
    goal = services.create_goal(guideline, **good)
    with pytest.raises(ValidationError, match="Nummer q1 hat schon"):
        services.create_goal(guideline, **{**good, "code": "q1"})
    services.update_goal(goal, guideline, target=700, year_to=2032)
    goal.refresh_from_db()
    assert (goal.target, goal.year_to, goal.get_priority_display()) == (700, 2032, "hoch")


def test_an_own_indicator_sits_next_to_the_catalogue_and_stays_with_its_alliance(
    alliance, guideline
):
    own = indicators.create_own_indicator(
        alliance, "Leerstand Bestand", name="Leerstand im Bestand der Partner",
        topic=Topic.STOCK, definition="Leer stehende Wohnungen der Partner am 31.12.",
        unit="%", direction=Direction.HIGHER_WORSE, aggregation=Aggregation.WEIGHTED_MEAN,
        reading_aid="Unter 2 % ist der Markt angespannt.",
    )  # fmt: skip
    assert own.key == "leerstand_bestand" and own.alliance == alliance
    assert "festgelegt vom Bündnis" in own.source
    assert own in indicators.indicators_for(alliance)
    other = AllianceFactory()
    assert own not in indicators.indicators_for(other)
    with pytest.raises(ValidationError, match="schon ein anderer Indikator"):
        indicators.create_own_indicator(other, "leerstand_bestand", name="x")
    with pytest.raises(ValidationError, match="summiert, gewichtet gemittelt"):
        indicators.update_own_indicator(own, aggregation=Aggregation.RATIO)
    other_guideline = services.create_guideline(other, "Quantität")
    with pytest.raises(ValidationError, match="anderen Bündnis"):
        services.create_goal(
            other_guideline, code="L1", title="Leerstand", nature=GoalNature.QUANTITATIVE,
            year_from=2024, year_to=2030, indicator=own.key, target=3,
        )  # fmt: skip


def test_a_measure_number_is_unique_in_the_alliance(guideline, orgs, user):
    _measure(guideline, orgs, user)
    with pytest.raises(ValidationError, match="Nummer 1 hat im Bündnis schon eine andere"):
        _measure(guideline, orgs, user, title="Zweite")
    assert Measure.objects.count() == 1
    other = services.create_guideline(AllianceFactory(), "Quantität")
    foreign = services.create_goal(
        other, code="Z", title="z", nature=GoalNature.QUALITATIVE, year_from=2024, year_to=2025
    )
    with pytest.raises(ValidationError, match="Ziel gehört zu einem anderen Bündnis"):
        _measure(guideline, orgs, user, number=2, goals=[foreign])
    outsider = OrganisationFactory()
    with pytest.raises(ValidationError, match="Kein Mitglied"):
        _measure(guideline, orgs, user, number=3, partners=[outsider])
    assert Measure.objects.count() == 1


def test_editing_a_measure_keeps_its_history_and_refuses_a_stale_save(
    alliance, guideline, orgs, user
):
    district = AreaFactory(parent=alliance.area, level="bezirk")
    measure = _measure(guideline, orgs, user, start=DAY)
    assert measure.version == 1
    services.update_measure(
        measure, user, 1, **_edit(measure, title="Liegenschaften aktiv nutzen",
                                   partners=[orgs[1]], areas=[district], cost_eur=50000)
    )  # fmt: skip
    measure.refresh_from_db()
    assert measure.version == 2
    assert measure.title == "Liegenschaften aktiv nutzen" and list(measure.areas.all()) == [
        district
    ]
    last = measure.history.last()
    assert "Maßnahme" in last.note and "Partner" in last.note and "Gebietsbezug" in last.note
    assert (last.by, last.from_status, last.to_status) == (user, "geplant", "geplant")
    # the second coordinator still holds version 1: refused, nothing written
    with pytest.raises(ValidationError, match="inzwischen von jemand anderem geändert") as info:
        services.update_measure(measure, user, 1, **_edit(measure, title="Andere Fassung"))
    assert info.value.error_list[0].code == "stale"
    measure.refresh_from_db()
    assert measure.title == "Liegenschaften aktiv nutzen" and measure.version == 2
    with pytest.raises(ValidationError, match="nichts geändert"):
        services.update_measure(measure, user, 2, **_edit(measure))
    with pytest.raises(ValidationError, match="Nummer 7"):
        _measure(guideline, orgs, user, number=7, title="Sieben")
        services.update_measure(measure, user, 2, **_edit(measure, number=7))
    with pytest.raises(ValidationError, match="Ende des Zeitraums"):
        services.update_measure(measure, user, 2, **_edit(measure, end=datetime.date(2023, 1, 1)))


def test_milestones_and_goal_links_are_noted_in_the_measure_history(guideline, orgs, user):
    measure = _measure(guideline, orgs, user, start=DAY)
    goal = services.create_goal(
        guideline, code="Q1", title="Ziel", nature=GoalNature.QUALITATIVE,
        year_from=2024, year_to=2030,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="vor dem Beginn"):
        services.add_milestone(measure, "Konzept", datetime.date(2023, 6, 1), by=user)
    milestone = services.add_milestone(measure, "Konzept", datetime.date(2024, 6, 1), by=user)
    with pytest.raises(ValidationError, match="erst erreicht"):
        services.reach_milestone(milestone, datetime.date(2999, 1, 1), by=user)
    services.reach_milestone(milestone, datetime.date(2024, 5, 20), by=user)
    with pytest.raises(ValidationError, match="bereits erreicht"):
        services.reach_milestone(milestone, by=user)
    services.link_measure_goals(measure, [goal], user)
    notes = list(measure.history.values_list("note", flat=True))
    assert notes[1:] == [
        "Meilenstein „Konzept“ bis 01.06.2024 geplant",
        "Meilenstein „Konzept“ erreicht am 20.05.2024",
        "Ziele: Q1",
    ]


def test_measure_and_project_notes_are_german_when_written_from_an_english_page(
    alliance, guideline, orgs, user
):
    """Colleagues read the history later on German pages: the page's language is not kept,
    nor are the field names the note lists (``lib.site_language``)."""
    district = AreaFactory(parent=alliance.area, level="bezirk")
    measure = _measure(guideline, orgs, user, start=DAY)
    project = services.register_building_project(
        alliance, user, DAY, name="Jordan-Areal", dwellings=10, social_dwellings=3,
        binding_years=25, quota_percent=30, expected_completion=2028, rooms_1=10,
    )  # fmt: skip
    with translation.override("en"):
        services.add_milestone(measure, "Konzept", datetime.date(2024, 6, 1), by=user)
        services.update_measure(measure, user, 1, **_edit(measure, title="Neu", areas=[district]))
        services.update_building_project(project, user, 1, dwellings=12, social_dwellings=4)
    notes = list(measure.history.values_list("note", flat=True))
    assert notes[1:] == [
        "Meilenstein „Konzept“ bis 01.06.2024 geplant",
        "Angaben geändert: Maßnahme, Gebietsbezug",
    ]
    assert project.history.last().note == "Angaben geändert: Wohneinheiten, davon gefördert"


def test_conflict_positions_are_the_organisations_own(alliance, orgs, user):
    conflict = services.create_conflict(alliance, "Standards und Mieten")
    services.enter_conflict_position(conflict, orgs[0], "Nur mit Förderung.", user)
    services.enter_conflict_position(conflict, orgs[0], "Nur mit mehr Förderung.", user)
    position = conflict.positions.get()
    assert position.position == "Nur mit mehr Förderung." and position.entered_by == user
    with pytest.raises(ValidationError, match="kein Mitglied"):
        services.enter_conflict_position(conflict, OrganisationFactory(), "x", user)
    with pytest.raises(ValidationError, match="formulieren"):
        services.enter_conflict_position(conflict, orgs[1], "  ", user)
    services.update_conflict(
        conflict, title="Standards und Mieten", description="", goals=[],
        agreed_handling="Förderung deckt Mehrkosten.",
    )  # fmt: skip
    conflict.refresh_from_db()
    assert conflict.agreed_handling == "Förderung deckt Mehrkosten."


def test_signing_online_and_withdrawing_are_recorded_with_who_and_when(alliance, orgs, user):
    commitment = services.adopt_commitment(alliance, "Fair vermieten", "1. Wir …", DAY)
    signature = services.sign_commitment(commitment, orgs[0], DAY, "", by=user)
    assert signature.signed_by_user == user and signature.signed_at is not None
    with pytest.raises(ValidationError, match="bereits unterzeichnet"):
        services.sign_commitment(commitment, orgs[0], DAY, "", by=user)
    with pytest.raises(ValidationError, match="Text bleibt"):
        services.update_commitment(commitment, title="x", text="y", adopted_on=DAY)
    services.withdraw_signature(signature, user)
    signature.refresh_from_db()
    assert signature.withdrawn_by == user and signature.withdrawn_at is not None
    with pytest.raises(ValidationError, match="bereits zurückgezogen"):
        services.withdraw_signature(signature, user)
    again = services.sign_commitment(commitment, orgs[0], DAY, "GF", by=user)
    assert CommitmentSignature.objects.filter(commitment=commitment).count() == 2
    assert again.withdrawn_at is None


def test_a_project_below_its_quota_is_refused_unless_explained(alliance, orgs, user):
    fields = {
        "name": "Jordan-Areal", "dwellings": 230, "social_dwellings": 60, "binding_years": 25,
        "quota_percent": 30, "expected_completion": 2028, "rooms_1": 40, "rooms_2": 80,
        "rooms_3": 70, "rooms_4": 40, "rent_segment": "gemischt", "developer": orgs[0],
    }  # fmt: skip
    with pytest.raises(ValidationError, match="60 statt mindestens 69"):
        services.register_building_project(alliance, user, DAY, **fields)
    with pytest.raises(ValidationError, match="Wohnungsmix"):
        services.register_building_project(alliance, user, DAY, **{**fields, "rooms_4": 200})
    project = services.register_building_project(
        alliance, user, DAY, **{**fields, "social_dwellings": 69}
    )
    assert not project.below_quota
    services.update_building_project(
        project, user, 1, social_dwellings=50, quota_note="Grundstück vor der Quote verkauft."
    )
    project.refresh_from_db()
    assert project.below_quota and project.version == 2
    with pytest.raises(ValidationError, match="inzwischen von jemand anderem"):
        services.update_building_project(project, user, 1, dwellings=240)
    services.advance_building_project(project, user, ProjectStatus.BUILDING_RIGHTS, DAY)
    with pytest.raises(ValidationError, match="vor dem bisherigen"):
        services.advance_building_project(
            project, user, ProjectStatus.CONSTRUCTION, datetime.date(2023, 1, 1)
        )
    # an edit of a finished project does not move its completion year
    services.advance_building_project(
        project, user, ProjectStatus.COMPLETED, datetime.date(2024, 9, 1)
    )
    services.update_building_project(project, user, 2, accessible_dwellings=30)
    project.refresh_from_db()
    assert queries.completion_year(project) == 2024
