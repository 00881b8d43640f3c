"""The building projects of the action concept feed a run's planned completions through the
monitoring (concept → monitoring → forecast; the forecast never reads the concept)."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.concept.models import BuildingProject, ProjectStatus
from wohnbuendnis.forecast import tasks
from wohnbuendnis.forecast.models import CITY, CompletionsSource, ForecastRun, RunStatus


def _expected(alliance, base_year: int, horizon: int) -> Counter:
    """(district key, year) → dwellings, straight from the projects: finished ones in the year
    they were finished, the others in their expected year (not before this year)."""
    this_year = datetime.date.today().year
    expected: Counter = Counter()
    for project in BuildingProject.objects.filter(alliance=alliance).select_related("area"):
        if project.status == ProjectStatus.COMPLETED:
            moves = [c for c in project.history.all() if c.to_status == ProjectStatus.COMPLETED]
            year = moves[-1].on.year if moves[-1].from_status else project.expected_completion
        else:
            year = max(project.expected_completion, this_year)
        if base_year < year <= horizon:
            expected[project.area.key, year] += project.dwellings
    return expected


@pytest.mark.demo_parts("process", "forecast")
def test_a_run_takes_the_building_projects_as_its_planned_completions(demo_alliance, fachamt):
    demo = ForecastRun.objects.get(alliance=demo_alliance)
    run = tasks.start_run(
        demo.inputs,
        list(demo.assumption_sets.all()),
        fachamt,
        title="Mit den Bauvorhaben",
        completions_source=CompletionsSource.PROJECTS,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    scenario = demo.assumption_sets.first().name
    rows = run.rows.filter(scenario=scenario)
    expected = _expected(demo_alliance, run.inputs.base_year, run.horizon)
    assert sum(expected.values()) > 0
    stored = {
        (r.area_key, r.year): r.completions
        for r in rows.exclude(area_key=CITY)
        if r.year > run.inputs.base_year and r.completions
    }
    assert stored == dict(expected)
    for year in {y for _k, y in expected}:
        city = rows.get(area_key=CITY, year=year)
        assert city.completions == sum(v for (_k, y), v in expected.items() if y == year)
    # the stock rolls forward with them: more dwellings than the run on the uploaded plan
    other = demo.rows.get(scenario=scenario, area_key=CITY, year=run.horizon)
    assert rows.get(area_key=CITY, year=run.horizon).stock != other.stock


@pytest.mark.demo_parts("forecast")
def test_without_published_projects_a_run_on_them_is_refused(demo_alliance, fachamt):
    demo = ForecastRun.objects.get(alliance=demo_alliance)
    with pytest.raises(ValidationError, match="keine Bauvorhaben"):
        tasks.start_run(
            demo.inputs,
            list(demo.assumption_sets.all()),
            fachamt,
            title="x",
            completions_source=CompletionsSource.PROJECTS,
        )


@pytest.mark.demo_parts("process", "forecast")
def test_the_run_form_offers_the_projects_and_the_run_page_names_the_source(
    client, demo_alliance, fachamt
):
    demo = ForecastRun.objects.get(alliance=demo_alliance)
    client.force_login(fachamt)
    url = reverse("forecast:run_new", args=[demo_alliance.slug])
    assert "Bauvorhaben des Handlungskonzepts" in client.get(url).text
    response = client.post(
        url,
        {
            "title": "Bauvorhaben",
            "inputs": demo.inputs.pk,
            "assumption_sets": [s.pk for s in demo.assumption_sets.all()],
            "draws": 0,
            "seed": 0,
            "completions_source": "projects",
            "submission_token": str(uuid.uuid4()),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Geplante Fertigstellungen: Bauvorhaben des Handlungskonzepts" in response.text
