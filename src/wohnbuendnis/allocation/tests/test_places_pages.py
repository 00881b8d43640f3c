"""The page "Vermittlungen nach Stadtteil" on the demo: who may open it and its map, who may
write the figures to the monitoring, no personal data on it, and the demo's flats and
indicators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.allocation import queries
from wohnbuendnis.allocation.models import Flat, Household
from wohnbuendnis.allocation.services.places import EMERGENCY_DAYS, KEYS
from wohnbuendnis.monitoring.catalogue import ALLOCATION
from wohnbuendnis.monitoring.models import Observation

PERSONAS = [*Role.values, "oeffentlichkeit"]
VIEW = set(Role.values)  # aggregates only: every role of the alliance
PUBLISH = {"koordination", "wohnungsamt"}


def _urls(city) -> dict[str, str]:
    return {
        "places": reverse("allocation:places", args=[city.slug]),
        "places_map": reverse("allocation:places_map", args=[city.slug]),
    }


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_page_and_its_map_open_to_every_role_and_not_to_the_public(client, persona, city):
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    for page, url in _urls(city).items():
        response = client.get(url)
        if persona is None:
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == (200 if name in VIEW else 403), (name, page)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_housing_office_and_coordination_publish_to_the_monitoring(client, persona, city):
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    year = queries.place_years(queries.place_figures(city))[0]
    before = Observation.objects.filter(source=ALLOCATION).count()
    response = client.post(
        reverse("allocation:places_publish", args=[city.slug]), {"year": str(year)}
    )
    if persona is None:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif name in PUBLISH:
        assert response.status_code == 302
        assert response.url == reverse("allocation:places", args=[city.slug]) + f"?jahr={year}"
        page = client.get(response.url).content.decode()
        assert "0 neue, 0 geänderte" in page  # the demo published them already
    else:
        assert response.status_code == 403
        page = client.get(reverse("allocation:places", args=[city.slug])).content.decode()
        assert reverse("allocation:places_publish", args=[city.slug]) not in page
    assert Observation.objects.filter(source=ALLOCATION).count() == before


def test_the_page_shows_figures_by_district_and_no_personal_data(client, city, wohnungsamt):
    client.force_login(wohnungsamt)
    figures = queries.place_figures(city)
    year = queries.place_years(figures)[0]
    html = client.get(reverse("allocation:places", args=[city.slug])).content.decode()
    assert "Vermittlungen nach Stadtteil" in html and "Mitte" in html and "Nordstadt" in html
    assert "Dissimilaritätsindex" in html
    total = figures[(None, year)]
    assert f'<td class="kern-table__cell--numeric">{total.vacancies}</td>' in html
    households = Household.objects.filter(alliance=city)
    assert households.count() > 1000
    for name, reference in households.values_list("name", "reference"):
        assert name not in html and reference not in html
    for label in Flat.objects.filter(alliance=city).values_list("label", flat=True)[:200]:
        assert label not in html  # no address either
    geojson = client.get(reverse("allocation:places_map", args=[city.slug])).json()
    assert len(geojson["features"]) == 20
    assert all("Vermittlungen" in f["properties"]["label"] for f in geojson["features"])


def test_the_demo_flats_have_addresses_and_districts_and_the_indicators_are_published(city):
    flats = Flat.objects.filter(alliance=city)
    assert not flats.filter(district=None).exists()
    assert not flats.filter(street="").exists() and not flats.filter(postcode="").exists()
    assert flats.values("district").distinct().count() == 20
    published = Observation.objects.filter(source=ALLOCATION, area=city.area)
    assert set(published.values_list("indicator__key", flat=True)) == set(KEYS)
    # the goal "Wohnungsnotfälle in höchstens 90 Tagen versorgen" reads this indicator
    last = published.filter(indicator__key=EMERGENCY_DAYS).order_by("-year").first()
    city_figures = queries.place_figures(city)[(None, last.year)]
    assert last.value == city_figures.emergency_median
