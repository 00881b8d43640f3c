"""Evaluation periods: every quantitative goal's result, assessments, freezing for good."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.tests.factories import AllianceFactory
from wohnbuendnis.concept import services
from wohnbuendnis.concept.models import EvaluationPeriod, EvaluationStatus, GoalNature

DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def goals(db):
    alliance = AllianceFactory()
    guideline = services.create_guideline(alliance, "Quantität")
    common = {"year_from": 2023, "year_to": 2026}
    q1 = services.create_goal(
        guideline, code="Q1", title="650 Wohnungen pro Jahr", indicator="completions",
        nature=GoalNature.QUANTITATIVE, target=650, **common,
    )  # fmt: skip
    q2 = services.create_goal(
        guideline, code="Q2", title="Innenentwicklung", nature=GoalNature.QUALITATIVE, **common
    )
    services.record_goal_measurement(q1, 2023, 600, None)  # 92 %: below
    services.record_goal_measurement(q1, 2024, 700, None)  # 108 %: above
    return alliance, q1, q2


def test_results_are_computed_per_period_and_kept_when_frozen(goals):
    alliance, q1, q2 = goals
    early = services.open_evaluation(alliance, None, title="2023", year_from=2023, year_to=2023)
    both = services.open_evaluation(alliance, None, title="2023/24", year_from=2023, year_to=2024)
    assert early.assessments.count() == 2  # one per goal, the qualitative one too
    services.assess_goal(both, q1, None, "Deutlich über dem Ziel.")
    services.assess_goal(both, q2, None, "Drei Quartiere verdichtet.")
    services.freeze_evaluation(early, None, on=DAY)
    both = services.freeze_evaluation(both, None, on=DAY)
    assert (both.status, both.frozen_on) == (EvaluationStatus.FROZEN, DAY)
    frozen = {a.goal.code: a for a in both.assessments.select_related("goal")}
    assert (frozen["Q1"].year, frozen["Q1"].actual, frozen["Q1"].result) == (2024, 700, "ueber")
    assert frozen["Q1"].target == 650 and frozen["Q1"].good is True
    assert (frozen["Q1"].actual_source, frozen["Q1"].actual_detail) == ("manuell", "")
    assert frozen["Q2"].result == "" and frozen["Q2"].text == "Drei Quartiere verdichtet."
    assert early.assessments.get(goal=q1).result == "unter"
    # Later corrections of the actual values do not change a frozen evaluation.
    services.record_goal_measurement(q1, 2024, 100, None)
    assert both.assessments.get(goal=q1).actual == 700
    statuses = list(both.history.values_list("from_status", "to_status"))
    assert statuses == [("", "offen"), ("offen", "festgeschrieben")]


def test_a_frozen_evaluation_takes_no_edits(goals):
    alliance, q1, _ = goals
    period = services.open_evaluation(alliance, None, title="E", year_from=2023, year_to=2024)
    services.freeze_evaluation(period, None, on=DAY)
    with pytest.raises(ValidationError, match="festgeschrieben"):
        services.assess_goal(period, q1, None, "zu spät")
    with pytest.raises(ValidationError, match="festgeschrieben"):
        services.freeze_evaluation(period, None)
    assert period.assessments.get(goal=q1).text == ""
    with pytest.raises(ValidationError):
        services.open_evaluation(alliance, None, title="E", year_from=2024, year_to=2023)


@pytest.mark.demo_parts("process")
def test_the_steering_group_assesses_and_freezes_through_the_web(client, demo_alliance):
    url = reverse("concept:evaluations", args=[demo_alliance.slug])
    form = {"title": "Evaluation 2023/24", "year_from": "2023", "year_to": "2026",
            "submission_token": str(uuid.uuid4())}  # fmt: skip
    before = EvaluationPeriod.objects.count()  # the demo's frozen evaluation
    client.force_login(User.objects.get(username="vermieter"))  # not in the steering group
    client.post(url, form)
    assert EvaluationPeriod.objects.count() == before
    client.force_login(User.objects.get(username="koordination"))
    period = EvaluationPeriod.objects.get(pk=client.post(url, form).url.split("/")[-2])
    assert client.post(url, form).url == reverse("concept:evaluation", args=[period.pk])
    assert EvaluationPeriod.objects.count() == before + 1  # the same form sent twice: one period
    detail = reverse("concept:evaluation", args=[period.pk])
    html = client.get(detail).text
    assert "Zielmatrix" in html and "Evaluation festschreiben" in html
    goal = period.assessments.select_related("goal").first().goal
    assess = reverse("concept:assess", args=[period.pk])
    for name, expected in [("vermieter", 403), ("fachamt", 403), ("mitglied", 302)]:
        client.force_login(User.objects.get(username=name))
        form = _texts(period, **{goal.code: name})
        assert client.post(assess, form).status_code == expected, name
    assert period.assessments.get(goal=goal).text == "mitglied"
    client.post(reverse("concept:freeze", args=[period.pk]))
    period.refresh_from_db()
    assert period.status == EvaluationStatus.FROZEN
    client.post(assess, _texts(period, **{goal.code: "geändert"}))
    assert period.assessments.get(goal=goal).text == "mitglied"
    html = client.get(detail).text
    assert "festgeschrieben am" in html and "Evaluation festschreiben" not in html
    # each frozen actual value names where it came from (demo goals: monitoring or by hand)
    sources = set(period.assessments.exclude(result="").values_list("actual_source", flat=True))
    assert sources and sources <= {"monitoring", "manuell"}
    assert "Quelle des Istwerts" in html
    assert ("Monitoring (" in html) == ("monitoring" in sources)
    assert "<textarea" not in html
    client.logout()
    assert client.get(detail).status_code == 302


def test_a_frozen_value_from_the_monitoring_keeps_its_source(goals):
    from wohnbuendnis.monitoring import catalogue
    from wohnbuendnis.monitoring import services as monitoring
    from wohnbuendnis.monitoring.models import Indicator

    catalogue.seed(Indicator)
    alliance, q1, _ = goals
    q1.area = alliance.area
    q1.save(update_fields=["area"])
    monitoring.record_observations(
        alliance, alliance.area, {("completions", 2024): 640}, "Statistikamt, Bautätigkeit", None
    )
    period = services.open_evaluation(alliance, None, title="E", year_from=2023, year_to=2024)
    services.freeze_evaluation(period, None, on=DAY)
    frozen = period.assessments.get(goal=q1)
    assert (frozen.year, frozen.actual, frozen.result) == (
        2024,
        640,
        "erreicht",
    )  # within the tolerance
    assert (frozen.actual_source, frozen.actual_detail) == (
        "monitoring",
        "Statistikamt, Bautätigkeit",
    )


# --- nothing typed is lost (issue 12.7) ---------------------------------------------------


@pytest.fixture
def steering(client, goals):
    from wohnbuendnis.accounts.roles import Role
    from wohnbuendnis.alliance.tests.factories import MembershipFactory

    alliance, q1, q2 = goals
    client.force_login(MembershipFactory(alliance=alliance, role=Role.COORDINATION).person.user)
    period = services.open_evaluation(alliance, None, title="E", year_from=2023, year_to=2024)
    return period, q1, q2


def _texts(period, **typed):
    """The form of the evaluation page as shown, with ``typed`` (goal → text) filled in."""
    data = {}
    for a in period.assessments.select_related("goal"):
        data[f"shown_{a.goal_id}"] = a.text
        data[f"text_{a.goal_id}"] = typed.get(a.goal.code, a.text)
    return data


def test_the_evaluation_page_saves_every_goals_assessment_in_one_form(client, steering):
    period, _, _ = steering
    detail = reverse("concept:evaluation", args=[period.pk])
    html = client.get(detail).text
    url = reverse("concept:assess", args=[period.pk])
    assert html.count(f'action="{url}"') == 1 and html.count("<textarea") == 2  # one form
    data = _texts(period, Q1="Über dem Ziel.", Q2="Drei Quartiere verdichtet.")
    response = client.post(url, data)
    assert response.status_code == 302
    texts = dict(period.assessments.values_list("goal__code", "text"))
    assert texts == {"Q1": "Über dem Ziel.", "Q2": "Drei Quartiere verdichtet."}


def test_a_refused_save_keeps_everything_typed_and_writes_nothing(client, steering):
    period, q1, q2 = steering
    url = reverse("concept:assess", args=[period.pk])
    too_long = "x" * 5001
    response = client.post(url, _texts(period, Q1="Über dem Ziel.", Q2=too_long))
    assert response.status_code == 200
    assert "Über dem Ziel." in response.text and too_long in response.text
    assert set(period.assessments.values_list("text", flat=True)) == {""}
    # somebody else saved Q2 meanwhile: my save is refused, my text stays in the form
    data = _texts(period, Q1="Meine Bewertung", Q2="Meine Sicht auf Q2")
    services.assess_goal(period, q2, None, "Die Sicht der Kollegin")
    response = client.post(url, data)
    assert response.status_code == 200 and "Inzwischen hat jemand anderes" in response.text
    assert "Meine Bewertung" in response.text and "Meine Sicht auf Q2" in response.text
    texts = dict(period.assessments.values_list("goal__code", "text"))
    assert texts == {"Q1": "", "Q2": "Die Sicht der Kollegin"}
    # frozen meanwhile: refused entirely, the typed text is shown again
    services.freeze_evaluation(period, None, on=DAY)
    response = client.post(url, _texts(period, Q1="zu spät", Q2="auch zu spät"))
    assert response.status_code == 200 and "festgeschrieben" in response.text
    assert "zu spät" in response.text
    assert period.assessments.get(goal=q1).text == ""


def test_assess_goals_is_all_or_nothing(steering):
    period, q1, q2 = steering
    other = services.create_guideline(AllianceFactory(), "Fremd")
    stranger = services.create_goal(
        other, code="F1", title="fremd", nature=GoalNature.QUALITATIVE, year_from=2023, year_to=2024
    )
    with pytest.raises(ValidationError):
        services.assess_goals(period, None, {q1.pk: "gut", stranger.pk: "fremd"})
    assert period.assessments.get(goal=q1).text == ""
    saved = services.assess_goals(period, None, {q1.pk: " gut ", q2.pk: ""})
    assert [a.goal_id for a in saved] == [q1.pk]  # an unchanged text is not written again
    assert period.assessments.get(goal=q1).text == "gut"
