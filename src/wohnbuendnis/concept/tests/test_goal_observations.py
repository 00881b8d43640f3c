"""Goals that name an indicator and an area take their actual values from the monitoring."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from wohnbuendnis.alliance.tests.factories import AllianceFactory, MembershipFactory
from wohnbuendnis.concept import services
from wohnbuendnis.concept.engine import ValueSource, actual_values, evaluate
from wohnbuendnis.concept.models import Goal, GoalKind, GoalNature
from wohnbuendnis.monitoring import catalogue
from wohnbuendnis.monitoring import services as monitoring
from wohnbuendnis.monitoring.models import Indicator, Observation

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def goal(db):
    catalogue.seed(Indicator)
    alliance = AllianceFactory()
    guideline = services.create_guideline(alliance, "Quantität")
    goal = services.create_goal(
        guideline, code="Q1", title="650 Wohnungen pro Jahr", indicator="completions",
        nature=GoalNature.QUANTITATIVE, target=650, area=alliance.area,
        year_from=2023, year_to=2026,
    )  # fmt: skip
    services.record_goal_measurement(goal, 2023, 600, None, "Schätzung")
    services.record_goal_measurement(goal, 2024, 100, None)  # overridden by the observation
    completions = Indicator.objects.get(key="completions")
    Observation.objects.create(
        indicator=completions, area=alliance.area, year=2024, value=700, source="Landesamt"
    )
    Observation.objects.create(indicator=completions, area=alliance.area, year=2025, value=640)
    # Another area's and another indicator's observations do not count.
    Observation.objects.create(
        indicator=completions, area=AllianceFactory().area, year=2026, value=1
    )
    Observation.objects.create(
        indicator=Indicator.objects.get(key="permits"), area=alliance.area, year=2026, value=1
    )
    return goal


def _values(goal):
    return {
        year: (a.value, a.source, a.detail)
        for year, a in actual_values(Goal.objects.filter(pk=goal.pk))[goal.pk].items()
    }


def test_observations_come_first_and_measurements_fill_the_gaps(goal):
    assert _values(goal) == {
        2023: (600, ValueSource.MANUAL, "Schätzung"),
        2024: (700, ValueSource.MONITORING, "Landesamt"),
        2025: (640, ValueSource.MONITORING, ""),
    }
    (result,) = evaluate(Goal.objects.filter(pk=goal.pk).prefetch_related("measurements"))
    assert [(r.year, r.actual, str(r.result)) for r in result.rows] == [
        (2023, 600, "unter"),
        (2024, 700, "ueber"),
        (2025, 640, "erreicht"),
    ]
    assert [a.source for _row, a in result.entries] == ["manuell", "monitoring", "monitoring"]


def test_a_correction_in_the_monitoring_changes_the_goal(goal):
    observation = Observation.objects.get(area=goal.area, indicator__key="completions", year=2025)
    monitoring.correct_observation(observation, 500, "Nachmeldung korrigiert", None)
    assert _values(goal)[2025][0] == 500


def test_goals_without_area_or_indicator_keep_their_measurements(goal):
    other = services.create_goal(
        goal.guideline, code="Q2", title="ohne Gebiet", indicator="completions",
        nature=GoalNature.QUANTITATIVE, target=650, year_from=2023, year_to=2026,
    )  # fmt: skip
    services.record_goal_measurement(other, 2024, 100, None)
    assert {y: a.source for y, a in actual_values([other])[other.pk].items()} == {
        2024: ValueSource.MANUAL
    }


def test_evaluation_periods_use_the_observations(goal):
    period = services.open_evaluation(
        goal.alliance, None, title="2024/25", year_from=2024, year_to=2025
    )
    services.freeze_evaluation(period, None, on=DAY)
    frozen = period.assessments.get(goal=goal)
    assert (frozen.year, frozen.actual, frozen.result) == (2025, 640, "erreicht")


def test_cumulative_goals_sum_observed_and_entered_years(goal):
    cumulative = services.create_goal(
        goal.guideline, code="Q3", title="2.000 Wohnungen", indicator="completions",
        nature=GoalNature.QUANTITATIVE, target=2000, area=goal.area, kind=GoalKind.CUMULATIVE,
        year_from=2023, year_to=2026,
    )  # fmt: skip
    services.record_goal_measurement(cumulative, 2023, 600, None)
    (result,) = evaluate([cumulative])
    assert [row.year for row in result.rows] == [2023, 2024, 2025]


def test_the_goal_matrix_shows_the_source_of_each_value(client, goal):
    member = MembershipFactory(alliance=goal.alliance)
    client.force_login(member.person.user)
    page = client.get(reverse("concept:goals", args=[goal.alliance.slug])).content.decode()
    assert page.count('data-source="monitoring"') == 2
    assert page.count('data-source="manuell"') == 1
    assert "Monitoring (Landesamt)" in page and "manuell erfasst (Schätzung)" in page
