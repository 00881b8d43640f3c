"""One picture: the demo's forecast starts from the demo's monitoring (issue 13, item 2) and its
bands are of a size a statistics office publishes (item 3)."""

from __future__ import annotations

import itertools

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


def _yearly(series, first, last):
    return (series[last] / series[first]) ** (1 / (last - first)) - 1


def test_mid_variant_continues_the_observed_trend(demo_run, demo_alliance):
    """Each of the mid variant's first five years grows within 1 percentage point of the
    observed yearly growth 2019–2024, for the city and for every district."""
    city = demo_alliance.area
    for area, key in [(city, CITY), *((d, d.key) for d in city.children.all())]:
        observed_rate = _yearly({y: _population(area, y) for y in (2019, 2024)}, 2019, 2024)
        mid = {r.year: r.population for r in demo_run.rows.filter(scenario="mittel", area_key=key)}
        assert abs(_yearly(mid, 2024, 2029) - observed_rate) < 0.01, area.name
        for year in range(2025, 2030):
            assert abs(mid[year] / mid[year - 1] - 1 - observed_rate) < 0.01, (area.name, year)


def _city(demo_run, year):
    return demo_run.rows.get(scenario="mittel", area_key=CITY, year=year)


def test_base_has_the_age_structure_of_a_german_city(demo_run):
    base = _city(demo_run, 2024)
    assert 0.20 <= base.age_65_plus / base.population <= 0.22
    assert 0.14 <= base.age_0_17 / base.population <= 0.17


def test_people_65_plus_grow_as_the_baby_boomers_age(demo_run):
    """The cohorts born 1955–1969 reach 65 until 2034: 65+ grows in every mid-variant year to
    2035 (Destatis' projection for Germany: +15 % 2024–2035)."""
    old = [_city(demo_run, year).age_65_plus for year in range(2024, 2036)]
    assert all(b > a for a, b in itertools.pairwise(old)), old
    assert 1.08 < old[-1] / old[0] < 1.25


def test_households_grow_at_least_as_fast_as_the_population(demo_run):
    """Smaller households (ageing, the observed trend): over the first ten years the
    households grow at least as fast as the population, in every year."""
    rows = [_city(demo_run, year) for year in range(2024, 2035)]
    assert rows[-1].households / rows[0].households >= rows[-1].population / rows[0].population
    for before, after in itertools.pairwise(rows):
        assert after.households > before.households, after.year
        assert after.households / before.households >= after.population / before.population


def test_bands_are_a_few_percent(demo_run):
    """Of the size a statistics office publishes: a few percent after five years, under 10 %
    after twenty (docs/forecast-assumptions.md section 4 quotes the figures)."""
    for year, width in ((2029, 0.05), (2045, 0.1)):
        row = _city(demo_run, year)
        assert 1 - width < row.p05 / row.population < 0.99, year
        assert 1.01 < row.p95 / row.population < 1 + width, year


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


def test_a_correction_in_the_monitoring_reaches_the_cached_run_page(
    client, koordination, demo_run, demo_alliance
):
    """The page keeps its comparison with the monitoring in the cache; a correction through
    the monitoring's service shows on the next request, not after the cache expires."""
    from wohnbuendnis.monitoring.services.observations import correct_observation

    url = reverse("forecast:run", args=[demo_run.alliance.slug, demo_run.pk])
    client.force_login(koordination)
    assert "nicht von den Zahlen des Monitorings" not in client.get(url).content.decode()
    district = demo_alliance.area.children.get(name="Eichwald")
    row = Observation.objects.get(area=district, indicator__key="population", year=2024)
    correct_observation(row, 6821, "Zählfehler", koordination)
    assert "nicht von den Zahlen des Monitorings" in client.get(url).content.decode()


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
