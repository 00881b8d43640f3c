"""State changes of the action concept: measures, goals, commitments, building projects."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.tests.factories import AllianceFactory, OrganisationFactory
from wohnbuendnis.analytics.evaluation import Result
from wohnbuendnis.concept import services
from wohnbuendnis.concept.engine import evaluate
from wohnbuendnis.concept.models import (
    Goal,
    GoalKind,
    GoalNature,
    MeasureStatus,
    ProjectStatus,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def alliance():
    return AllianceFactory()


@pytest.fixture
def guideline(alliance):
    return services.create_guideline(alliance, "Quantität", "Genug Wohnungen bauen.")


@pytest.fixture
def organisation(alliance):
    org = OrganisationFactory()
    alliance_services.admit_organisation(alliance, org, datetime.date(2020, 1, 1))
    return org


def _goal(guideline, **fields):
    defaults = {
        "code": "Q1",
        "title": "650 Wohnungen pro Jahr",
        "nature": GoalNature.QUANTITATIVE,
        "year_from": 2023,
        "year_to": 2026,
        "indicator": "completions",
        "target": 650,
    }
    return services.create_goal(guideline, **{**defaults, **fields})


def test_measure_status_changes_are_checked_and_kept(guideline, organisation):
    measure = services.create_measure(
        guideline, None, number=1, title="Aktive Liegenschaftspolitik", lead=organisation
    )
    services.set_measure_status(measure, None, MeasureStatus.IN_PROGRESS, 30, "Start")
    with pytest.raises(ValidationError, match="Fortschritt"):
        services.set_measure_status(measure, None, MeasureStatus.IN_PROGRESS, 130)
    with pytest.raises(ValidationError, match="nichts geändert"):
        services.set_measure_status(measure, None, MeasureStatus.IN_PROGRESS, 30)
    measure = services.set_measure_status(measure, None, MeasureStatus.DONE)
    assert measure.progress == 100
    with pytest.raises(ValidationError, match="kein zulässiger Wechsel"):
        services.set_measure_status(measure, None, MeasureStatus.PLANNED, 0)
    history = list(measure.history.values_list("from_status", "to_status", "progress"))
    assert history == [
        ("", "geplant", 0),
        ("geplant", "in_umsetzung", 30),
        ("in_umsetzung", "umgesetzt", 100),
    ]


def test_quantitative_goals_need_indicator_and_target(guideline):
    with pytest.raises(ValidationError, match="Indikator"):
        _goal(guideline, indicator="")
    with pytest.raises(ValidationError, match="Korridor"):
        _goal(guideline, kind=GoalKind.BAND, target=8.5, target_high=None)
    with pytest.raises(ValidationError, match="Zieljahr"):
        _goal(guideline, year_to=2020)
    qualitative = _goal(guideline, code="Q2", nature=GoalNature.QUALITATIVE, target=None)
    with pytest.raises(ValidationError):
        services.record_goal_measurement(qualitative, 2024, 1, None)


def test_goal_results_come_from_the_evaluation_engine(guideline):
    annual = _goal(guideline)
    cumulative = _goal(
        guideline, code="Q2", kind=GoalKind.CUMULATIVE, target=1000, year_to=2027
    )  # 200 a year
    band = _goal(
        guideline, code="P1", kind=GoalKind.BAND, target=8.5, target_high=9.5, direction="down"
    )
    for year, value in [(2023, 700), (2024, 600), (2025, 640)]:
        services.record_goal_measurement(annual, year, value, None)
    services.record_goal_measurement(cumulative, 2023, 150, None)
    services.record_goal_measurement(cumulative, 2024, 250, None)
    services.record_goal_measurement(band, 2024, 9.9, None)
    services.record_goal_measurement(annual, 2025, 650, None)  # a correction replaces
    with pytest.raises(ValidationError, match="außerhalb"):
        services.record_goal_measurement(annual, 2031, 1, None)
    results = {r.goal.code: r for r in evaluate(Goal.objects.prefetch_related("measurements"))}
    assert [r.result for r in results["Q1"].rows] == [
        Result.UEBER,  # 700 / 650 = 1.077
        Result.UNTER,  # 600 / 650 = 0.923
        Result.ERREICHT,
    ]
    q2 = results["Q2"].rows
    assert [(r.actual, r.target, r.result) for r in q2] == [
        (150, 200, Result.UNTER),
        (400, 400, Result.ERREICHT),
    ]
    assert q2[-1].required_per_year == 200
    assert results["P1"].latest.result == Result.UEBER and not results["P1"].latest.good


def test_commitments_are_signed_by_members_once_and_report_yearly(alliance, organisation):
    commitment = services.adopt_commitment(alliance, "Musterstadt vermietet fair", "1. …", DAY)
    outsider = OrganisationFactory()
    with pytest.raises(ValidationError, match="kein Mitglied"):
        services.sign_commitment(commitment, outsider, DAY, "Vorstand")
    signature = services.sign_commitment(commitment, organisation, DAY, "Vorstand")
    with pytest.raises(ValidationError, match="bereits"):
        services.sign_commitment(commitment, organisation, DAY, "Vorstand")
    with pytest.raises(ValidationError):
        services.report_commitment_progress(signature, 2023, "zu früh", None)
    services.report_commitment_progress(signature, 2024, "20 Wohnungen gemeldet", None)
    services.report_commitment_progress(signature, 2024, "25 Wohnungen gemeldet", None)
    # the second report for 2024 is a new version; the first one stays (issue 12.7)
    assert list(signature.reports.values_list("version", "text")) == [
        (2, "25 Wohnungen gemeldet"),
        (1, "20 Wohnungen gemeldet"),
    ]
    services.report_commitment_progress(signature, 2025, "30 Wohnungen", None)
    assert signature.reports.get(year=2025).version == 1


def test_building_projects_only_move_forward(alliance):
    project = services.register_building_project(
        alliance,
        None,
        DAY,
        name="Quartier Alte Gießerei",
        dwellings=230,
        social_dwellings=120,
        expected_completion=2027,
    )
    services.advance_building_project(project, None, ProjectStatus.CONSTRUCTION, DAY)
    with pytest.raises(ValidationError, match="vorwärts"):
        services.advance_building_project(project, None, ProjectStatus.BUILDING_RIGHTS, DAY)
    assert list(project.history.values_list("to_status", flat=True)) == ["planung", "bau"]
    with pytest.raises(ValidationError):
        services.register_building_project(
            alliance, None, DAY, name="x", dwellings=5, social_dwellings=6, expected_completion=1
        )


def test_the_commitments_page_shows_the_latest_report_and_the_earlier_ones(
    client, alliance, organisation
):
    from django.urls import reverse

    from wohnbuendnis.accounts.roles import Role
    from wohnbuendnis.alliance.tests.factories import MembershipFactory

    user = MembershipFactory(alliance=alliance, role=Role.COORDINATION).person.user
    client.force_login(user)
    commitment = services.adopt_commitment(alliance, "Musterstadt vermietet fair", "1. …", DAY)
    signature = services.sign_commitment(commitment, organisation, DAY, "Vorstand")
    url = reverse("concept:report", args=[signature.pk])
    client.post(url, {"year": 2024, "text": "20 Wohnungen gemeldet"})
    client.post(url, {"year": 2024, "text": "25 Wohnungen gemeldet"})
    html = client.get(reverse("concept:commitments", args=[alliance.slug])).text
    assert html.index("25 Wohnungen gemeldet") < html.index("frühere Fassungen")
    assert html.index("frühere Fassungen") < html.index("20 Wohnungen gemeldet")
    assert "Fassung 2 vom" in html and "Fassung 1 vom" in html
    # a refused report comes back with what was typed
    response = client.post(url, {"year": 2019, "text": "Mein langer Bericht"})
    assert response.status_code == 200 and "vor der Unterzeichnung" in response.text
    assert "Mein langer Bericht" in response.text and 'value="2019"' in response.text
    assert signature.reports.count() == 2
