"""The barometer's series come from the cache until an import, its undoing or a correction
changes a value: then the page shows the new value at once (``queries.forget_barometer``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind, Indicator, Observation
from wohnbuendnis.monitoring.queries import area_and_parent_series, pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def _population(alliance, area) -> float:
    """The dashboard's key figure "population" of ``area``, as the page computes it."""
    (figure,) = [
        f for f in pages.dashboard(alliance, area)["figures"] if f.indicator.key == "population"
    ]
    return figure.value


def _stored(area) -> float:
    return Observation.objects.get(area=area, indicator__key="population", year=2024).value


def _page(client, alliance, area) -> str:
    url = reverse("monitoring:dashboard_area", args=[alliance.slug, area.pk])
    return client.get(url).content.decode()


def _shown(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def test_the_series_are_read_once_and_then_come_from_the_cache(demo_alliance):
    district = demo_alliance.area.children.get(key="01")
    indicators = list(Indicator.objects.filter(is_key_figure=True))
    first = area_and_parent_series(district, indicators)
    with CaptureQueriesContext(connection) as queries:
        again = area_and_parent_series(district, indicators)
    assert again == first
    assert len(queries) == 0
    population = Indicator.objects.get(key="population")
    assert first[0][population.pk][2024] == _stored(district)
    assert first[1][population.pk][2024] == _stored(demo_alliance.area)


def test_an_import_shows_its_value_on_the_barometer_at_once(
    tmp_path: Path, client, fachamt, demo_alliance
):
    client.force_login(fachamt)
    district = demo_alliance.area.children.get(key="01")
    old = _stored(district)
    assert _population(demo_alliance, district) == old  # now cached
    assert _shown(old) in _page(client, demo_alliance, district)
    path = tmp_path / "observations.csv"
    path.write_text(
        f"indicator,area,year,value,source\npopulation,99100001-01,2024,{old + 1234:.0f},Neu\n"
    )
    batch = services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert _population(demo_alliance, district) == old + 1234
    html = _page(client, demo_alliance, district)
    assert _shown(old + 1234) in html and _shown(old) not in html
    services.undo_import(batch, fachamt)
    assert _population(demo_alliance, district) == old
    assert _shown(old) in _page(client, demo_alliance, district)


def test_a_correction_shows_on_the_barometer_at_once(demo_alliance, koordination):
    district = demo_alliance.area.children.get(key="02")
    observation = Observation.objects.get(area=district, indicator__key="population", year=2024)
    assert _population(demo_alliance, district) == observation.value
    services.correct_observation(observation, observation.value + 7, "Tippfehler", koordination)
    assert _population(demo_alliance, district) == observation.value + 7
    # the district's value is the comparison of nothing, but the city's figure compares with
    # its own parent: the city's page reads the city's series again too
    city_before = _population(demo_alliance, demo_alliance.area)
    city = Observation.objects.get(area=demo_alliance.area, indicator__key="population", year=2024)
    services.correct_observation(city, city.value + 3, "Tippfehler", koordination)
    assert _population(demo_alliance, demo_alliance.area) == city_before + 3


def test_recorded_figures_show_on_the_barometer_at_once(demo_alliance, koordination):
    district = demo_alliance.area.children.get(key="03")
    old = _population(demo_alliance, district)
    services.record_observations(
        demo_alliance, district, {("population", 2024): old + 11}, "Testquelle", koordination
    )
    assert _population(demo_alliance, district) == old + 11


# The figures and tables of the barometer pages are cached as HTML under a key made of what
# they show (``pages._fragment_key``): every change through a service shows at once.


def _figure_html(html: str, key: str) -> str:
    """The list item of the key figure ``key`` on a barometer page."""
    (item,) = [li for li in html.split("<li class=") if f'data-testid="value-{key}"' in li]
    return item


def test_a_new_threshold_changes_the_cached_light(client, demo_alliance, koordination):
    client.force_login(koordination)
    district = demo_alliance.area.children.get(key="04")
    population = Indicator.objects.get(key="population")
    value = _population(demo_alliance, district)
    services.set_threshold(demo_alliance, population, value + 1, value + 2, koordination)
    assert "wb-figure--gruen" in _figure_html(_page(client, demo_alliance, district), "population")
    services.set_threshold(demo_alliance, population, value - 2, value - 1, koordination)
    assert "wb-figure--rot" in _figure_html(_page(client, demo_alliance, district), "population")


def test_a_renamed_indicator_shows_on_the_cached_public_barometer(
    client, demo_alliance, koordination
):
    url = reverse("monitoring:public_barometer", args=[demo_alliance.slug])
    population = Indicator.objects.get(key="population")
    services.update_indicator(population, {"is_public": True}, koordination)
    assert population.name in client.get(url).content.decode()
    services.update_indicator(population, {"name": "Bevölkerung mit Hauptwohnsitz"}, koordination)
    html = client.get(url).content.decode()
    assert "Bevölkerung mit Hauptwohnsitz" in _figure_html(html, "population")


def test_a_correction_shows_on_the_cached_public_barometer(client, demo_alliance, koordination):
    url = reverse("monitoring:public_barometer", args=[demo_alliance.slug])
    population = Indicator.objects.get(key="population")
    services.update_indicator(population, {"is_public": True}, koordination)
    city = Observation.objects.get(area=demo_alliance.area, indicator__key="population", year=2024)
    assert _shown(city.value) in _figure_html(client.get(url).content.decode(), "population")
    services.correct_observation(city, city.value + 5, "Tippfehler", koordination)
    html = client.get(url).content.decode()
    assert _shown(city.value + 5) in _figure_html(html, "population")


def test_the_cached_parts_are_kept_per_language(client, demo_alliance):
    url = reverse("monitoring:public_barometer", args=[demo_alliance.slug])
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Werte als Tabelle" in german and "Werte als Tabelle" not in english
    assert "Werte als Tabelle" in client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_a_cached_barometer_shows_nobody_the_links_of_another(
    client, demo_alliance, koordination, mitglied
):
    import_url = reverse("monitoring:import", args=[demo_alliance.slug])
    client.force_login(koordination)
    assert import_url in _page(client, demo_alliance, demo_alliance.area.children.get(key="05"))
    client.force_login(mitglied)
    assert import_url not in _page(client, demo_alliance, demo_alliance.area.children.get(key="05"))
