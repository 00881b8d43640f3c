"""One picture: the demo's forecast starts from the demo's monitoring (issue 13, item 2) and its
bands are of a size a statistics office publishes (item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.forecast import observed, services
from wohnbuendnis.forecast.models import CITY, BaseSource, RunStatus
from wohnbuendnis.monitoring.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("forecast")]


@pytest.fixture
def demo_run(demo_alliance):
    return demo_alliance.forecast_runs.get()


def test_base_equals_the_monitoring_per_district(demo_run):
    checks = observed.base_checks(demo_run)
    measures = {c.measure for c in checks}
    assert measures == {"Einwohner", "Haushalte", "Wohnungen"}
    assert len(checks) == 3 * 21  # 20 districts and the city
    worst = max(abs(c.difference) for c in checks)
    assert worst < 0.1, worst
    assert not [c for c in checks if c.off]


def _population(area, year):
    return Observation.objects.get(area=area, indicator__key="population", year=year).value


def test_mid_variant_continues_the_observed_trend(demo_run, demo_alliance):
    city = demo_alliance.area
    observed_rate = (_population(city, 2024) / _population(city, 2019)) ** (1 / 5) - 1
    rows = {r.year: r.population for r in demo_run.rows.filter(scenario="mittel", area_key=CITY)}
    projected_rate = (rows[2029] / rows[2024]) ** (1 / 5) - 1
    assert abs(projected_rate - observed_rate) < 0.01
    for district in city.children.all():
        observed_d = (_population(district, 2024) / _population(district, 2019)) ** (1 / 5) - 1
        mid = {
            r.year: r.population
            for r in demo_run.rows.filter(scenario="mittel", area_key=district.key)
        }
        assert abs((mid[2029] / mid[2024]) ** (1 / 5) - 1 - observed_d) < 0.01, district.name


def test_bands_are_a_few_percent(demo_run):
    last = demo_run.rows.get(scenario="mittel", area_key=CITY, year=2045)
    assert last.p05 / last.population > 0.9
    assert last.p95 / last.population < 1.1


def test_run_page_shows_base_against_monitoring(client, koordination, demo_run):
    client.force_login(koordination)
    page = client.get(reverse("forecast:run", args=[demo_run.alliance.slug, demo_run.pk]))
    text = page.content.decode()
    assert "Basisjahr der Prognose und Beobachtung im Monitoring" in text
    assert "Eichwald" in text
    assert "nicht von den Zahlen des Monitorings" not in text


def test_run_page_warns_when_the_base_differs(client, koordination, demo_run, demo_alliance):
    district = demo_alliance.area.children.get(name="Eichwald")
    Observation.objects.filter(area=district, indicator__key="population", year=2024).update(
        value=6821
    )
    client.force_login(koordination)
    page = client.get(reverse("forecast:run", args=[demo_run.alliance.slug, demo_run.pk]))
    text = page.content.decode()
    assert "Die Prognose geht nicht von den Zahlen des Monitorings aus" in text
    assert "abweichend" in text


def test_a_run_takes_its_base_from_the_monitoring(demo_run, demo_alliance, fachamt):
    """After the monitoring changes, a new run with base_source = monitoring starts from the
    new figures; one with the inputs as uploaded does not (and its page warns)."""
    district = demo_alliance.area.children.get(name="Eichwald")
    for key, factor in (("population", 1.05), ("households", 1.03), ("dwellings", 0.98)):
        row = Observation.objects.get(area=district, indicator__key=key, year=2024)
        row.value = round(row.value * factor)
        row.save()
    sets = list(demo_run.assumption_sets.all())
    runs = {}
    for source in (BaseSource.MONITORING, BaseSource.INPUTS):
        run = services.create_run(
            demo_run.inputs, sets, fachamt, title=source, draws=0, base_source=source
        )
        runs[source] = services.execute_run(run.pk)
        assert runs[source].status == RunStatus.DONE, runs[source].error
    by_source = {
        source: {(c.area, c.measure): c for c in observed.base_checks(run)}
        for source, run in runs.items()
    }
    for measure in ("Einwohner", "Haushalte", "Wohnungen"):
        assert abs(by_source[BaseSource.MONITORING][("Eichwald", measure)].difference) < 0.1
        assert by_source[BaseSource.INPUTS][("Eichwald", measure)].off
