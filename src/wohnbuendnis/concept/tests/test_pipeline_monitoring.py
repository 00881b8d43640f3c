"""The building projects feed the monitoring: subsidised dwellings in planning, completions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.tests.factories import AllianceFactory, AreaFactory
from wohnbuendnis.areas.models import AreaLevel
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
        ("planned_completions", 2027): 81,
        ("planned_completions", 2028): 20,
    }
    assert (first.created, first.updated, first.unchanged) == (9, 0, 0)
    again = services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)
    assert not ObservationRevision.objects.exists()


def test_changed_figures_are_revisions(pipeline):
    services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    kaserne = BuildingProject.objects.get(name="Husarenkaserne")
    services.advance_building_project(
        kaserne, None, ProjectStatus.COMPLETED, datetime.date(2025, 6, 1)
    )
    done = services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    # new: the completions of 2025; changed: in planning 46 → 6, planned in 2027 81 → 0
    assert (done.created, done.updated) == (3, 2)
    revisions = ObservationRevision.objects.select_related("observation__indicator")
    assert {(r.observation.indicator.key, r.old_value, r.new_value) for r in revisions} == {
        ("social_housing_in_planning", 46, 6),
        ("planned_completions", 81, 0),
    }
    assert all(SOURCE in r.reason for r in revisions)
    assert _observed(pipeline.area)["project_completions", 2025] == 81


def test_completions_after_the_year_are_left_out_and_the_year_is_checked(pipeline):
    services.publish_pipeline_to_monitoring(pipeline, 2023, None)
    observed = _observed(pipeline.area)
    assert ("project_completions", 2024) not in observed
    # as of 2023, the project finished in 2024 was still planned (for the year it then took)
    assert observed["planned_completions", 2024] == 230
    assert observed["social_housing_in_planning", 2023] == 120 + 40 + 6
    with pytest.raises(ValidationError):
        services.publish_pipeline_to_monitoring(pipeline, datetime.date.today().year + 1, None)


def test_a_goal_on_the_indicator_follows_the_projects(pipeline):
    from wohnbuendnis.concept.engine import ValueSource, actual_values
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
    # the demo published its projects; a new one shows after the next publication
    services.register_building_project(
        demo_alliance, None, datetime.date(2026, 1, 5), name="Neubau Testweg", dwellings=12,
        social_dwellings=12, expected_completion=year + 1,
    )  # fmt: skip
    planned = Observation.objects.filter(
        area=demo_alliance.area, source=SOURCE, indicator__key="social_housing_in_planning"
    )
    before = planned.get(year=year).value
    for name in ("mitglied", "vermieter", "wohnungsamt"):
        client.force_login(User.objects.get(username=name))
        assert url not in client.get(projects).text
        assert client.post(url, {"year": year}).status_code == 403
    client.logout()
    assert client.post(url, {"year": year}).status_code == 302
    assert planned.get(year=year).value == before
    client.force_login(User.objects.get(username="fachamt"))
    assert url in client.get(projects).text
    response = client.post(url, {"year": year}, follow=True)
    assert "An das Monitoring übergeben" in response.text
    assert planned.get(year=year).value == before + 12
    revisions = ObservationRevision.objects.count()
    client.force_login(User.objects.get(username="koordination"))
    client.post(url, {"year": year})
    assert ObservationRevision.objects.count() == revisions  # the same figures: no change


def test_districts_get_their_own_figures_and_a_moved_plan_is_restated(pipeline):
    city = pipeline.area
    north, south = (
        AreaFactory(parent=city, level=AreaLevel.DISTRICT, key=k, name=k) for k in ("01", "02")
    )
    quarter = AreaFactory(parent=north, level=AreaLevel.QUARTER, key="011", name="011")
    BuildingProject.objects.filter(name="Husarenkaserne").update(area=quarter)
    BuildingProject.objects.filter(name="Lindenstraße 12").update(area=south)
    services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    assert (
        _observed(quarter)
        == _observed(north)
        == {
            ("social_housing_in_planning", 2025): 40,
            ("planned_completions", 2027): 81,
        }
    )
    assert _observed(south)["planned_completions", 2028] == 20
    assert _observed(city)["planned_completions", 2027] == 81  # the city: every project

    # the project in the south is delayed by two years: its old year becomes 0 everywhere
    BuildingProject.objects.filter(name="Lindenstraße 12").update(expected_completion=2030)
    services.publish_pipeline_to_monitoring(pipeline, 2025, None)
    for area in (south, city):
        assert _observed(area)["planned_completions", 2028] == 0
        assert _observed(area)["planned_completions", 2030] == 20
    assert _observed(north)["planned_completions", 2027] == 81


def test_the_completion_plan_per_district_and_year(pipeline):
    from wohnbuendnis.concept.queries import completion_plan

    north = AreaFactory(parent=pipeline.area, level=AreaLevel.DISTRICT, key="01", name="Nord")
    BuildingProject.objects.filter(name="Husarenkaserne").update(area=north)
    years, rows = completion_plan(pipeline, 2025)
    # from 2025 on: the barracks (81, 2027) in the north, Lindenstraße 12 (20, 2028) without
    # an area; the projects finished in 2023/2024 are history, not plan
    assert years == [2027, 2028]
    assert rows == [("Nord", [81, 0]), ("", [81, 20])]


@pytest.mark.demo_parts("process")
def test_the_projects_page_shows_the_plan_the_forecast_can_take(client, demo_alliance):
    from wohnbuendnis.concept.queries import completion_plan

    years, rows = completion_plan(demo_alliance, datetime.date.today().year)
    html = client.get(reverse("concept:projects", args=[demo_alliance.slug])).text
    assert "Fertigstellungen nach Gebiet und Jahr" in html
    total = dict(rows)[""]
    assert sum(total) == sum(
        p.dwellings for p in BuildingProject.objects.filter(alliance=demo_alliance)
        if p.status != ProjectStatus.COMPLETED
    )  # fmt: skip
    assert all(str(y) in html for y in years)
