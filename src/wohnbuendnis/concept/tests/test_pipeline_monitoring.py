"""The building projects feed the monitoring: subsidised dwellings in planning, completions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.tests.factories import AllianceFactory
from wohnbuendnis.concept import services
from wohnbuendnis.concept.models import BuildingProject, ProjectStatus
from wohnbuendnis.monitoring import catalogue
from wohnbuendnis.monitoring.models import Indicator, Observation, ObservationRevision

SOURCE = "Bauprojekte des Handlungskonzepts"


def _observed(area) -> dict[tuple[str, int], float]:
    rows = Observation.objects.filter(area=area, source=SOURCE)
    return {(o.indicator.key, o.year): o.value for o in rows.select_related("indicator")}


@pytest.fixture
def pipeline(db):
    catalogue.seed(Indicator)
    alliance = AllianceFactory()

    def project(name, dwellings, social, accessible, completion, status=ProjectStatus.PLANNING):
        return services.register_building_project(
            alliance, None, datetime.date(2022, 1, 1), name=name, dwellings=dwellings,
            social_dwellings=social, accessible_dwellings=accessible,
            expected_completion=completion, status=status,
        )  # fmt: skip

    done = project("Alte Gießerei", 230, 120, 40, 2025)
    services.advance_building_project(
        done, None, ProjectStatus.COMPLETED, datetime.date(2024, 11, 30)
    )  # finished a year early: counts in 2024
    project("Brauerei-Areal", 116, 50, 10, 2023, status=ProjectStatus.COMPLETED)
    project("Husarenkaserne", 81, 40, 5, 2027, status=ProjectStatus.CONSTRUCTION)
    project("Lindenstraße 12", 20, 6, 2, 2028)
    return alliance


def test_figures_are_written_with_their_source_and_again_change_nothing(pipeline):
    first = services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    assert _observed(pipeline.area) == {
        ("social_housing_in_planning", 2025): 46,
        ("project_completions", 2023): 116,
        ("social_housing_completions", 2023): 50,
        ("accessible_completions", 2023): 10,
        ("project_completions", 2024): 230,
        ("social_housing_completions", 2024): 120,
        ("accessible_completions", 2024): 40,
    }
    assert (first.created, first.updated, first.unchanged) == (7, 0, 0)
    again = services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert not ObservationRevision.objects.exists()


def test_changed_figures_are_revisions(pipeline):
    services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    kaserne = BuildingProject.objects.get(name="Husarenkaserne")
    services.advance_building_project(
        kaserne, None, ProjectStatus.COMPLETED, datetime.date(2025, 6, 1)
    )
    done = services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    assert (done.created, done.updated) == (3, 1)  # completions of 2025; planning 46 → 6
    revision = ObservationRevision.objects.get()
    assert (revision.old_value, revision.new_value) == (46, 6)
    assert SOURCE in revision.reason
    assert _observed(pipeline.area)["project_completions", 2025] == 81


def test_completions_after_the_year_are_left_out_and_the_year_is_checked(pipeline):
    services.publish_pipeline_to_monitoring(pipeline, 2023, None)
    assert ("project_completions", 2024) not in _observed(pipeline.area)
    with pytest.raises(ValidationError):
        services.publish_pipeline_to_monitoring(pipeline, datetime.date.today().year + 1, None)


def test_a_goal_on_the_indicator_follows_the_projects(pipeline):
    from wohnbuendnis.concept.evaluation import ValueSource, actual_values
    from wohnbuendnis.concept.models import GoalNature

    guideline = services.create_guideline(pipeline, "Quantität")
    goal = services.create_goal(
        guideline, code="Q2", title="Geförderte Wohnungen", area=pipeline.area,
        indicator="social_housing_completions", nature=GoalNature.QUANTITATIVE, target=100,
        year_from=2023, year_to=2030,
    )  # fmt: skip
    services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    values = actual_values([goal])[goal.pk]
    assert {y: (a.value, a.source) for y, a in values.items()} == {
        2023: (50, ValueSource.MONITORING),
        2024: (120, ValueSource.MONITORING),
    }


@pytest.mark.demo_parts("process")
def test_only_coordination_and_fachamt_publish_through_the_page(client, demo_alliance):
    catalogue.seed(Indicator)
    projects = reverse("concept:projects", args=[demo_alliance.slug])
    url = reverse("concept:publish_pipeline", args=[demo_alliance.slug])
    year = datetime.date.today().year
    for name in ("mitglied", "vermieter", "wohnungsamt"):
        client.force_login(User.objects.get(username=name))
        assert url not in client.get(projects).text
        assert client.post(url, {"year": year}).status_code == 403
    client.logout()
    assert client.post(url, {"year": year}).status_code == 302
    assert not Observation.objects.filter(source=SOURCE).exists()
    client.force_login(User.objects.get(username="fachamt"))
    assert url in client.get(projects).text
    response = client.post(url, {"year": year}, follow=True)
    assert "An das Monitoring übergeben" in response.text
    assert Observation.objects.filter(
        area=demo_alliance.area, source=SOURCE, indicator__key="social_housing_in_planning"
    ).exists()
    client.force_login(User.objects.get(username="koordination"))
    client.post(url, {"year": year})
    assert not ObservationRevision.objects.exists()
