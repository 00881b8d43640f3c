"""The building projects on the map: each district coloured by the dwellings of its unfinished
projects (a quarter's count for its district, finished ones for none), the same figures in the
table beside the map, on the projects page and the public start page, for everyone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.concept import maps
from wohnbuendnis.concept.models import BuildingProject, ProjectStatus
from wohnbuendnis.concept.services import register_building_project

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


@pytest.fixture
def district(demo_alliance):
    """A district of the demo city with a quarter, emptied of the demo's projects."""
    quarter = Area.objects.filter(
        level=AreaLevel.QUARTER, parent__parent=demo_alliance.area
    ).first()
    BuildingProject.objects.filter(
        alliance=demo_alliance, area__in=[quarter.parent, quarter]
    ).update(area=None)
    return quarter.parent, quarter


def _project(alliance, area, name: str, dwellings: int, social: int = 0) -> BuildingProject:
    return register_building_project(
        alliance, User.objects.get(username="koordination"), datetime.date(2026, 1, 5),
        name=name, area=area, dwellings=dwellings, social_dwellings=social,
        expected_completion=2028,
    )  # fmt: skip


def test_a_district_counts_the_unfinished_projects_in_it_and_its_quarters(demo_alliance, district):
    area, quarter = district
    _project(demo_alliance, area, "Jordan-Areal", 230, 69)
    _project(demo_alliance, quarter, "Salzmann-Areal", 116, 35)
    done = _project(demo_alliance, area, "Alte Brauerei", 400)
    BuildingProject.objects.filter(pk=done.pk).update(status=ProjectStatus.COMPLETED)

    part = next(p for p in maps.parts(demo_alliance) if p.area == area)
    assert [p.name for p in part.projects] == ["Jordan-Areal", "Salzmann-Areal"]
    assert (part.dwellings, part.social_dwellings) == (346, 104)
    assert maps.colour(346) == maps.colour(250) != maps.colour(249)
    assert maps.colour(0) == "#d9d9d9"
    assert maps.label(part) == (
        f"{area.name}: 346 Wohneinheiten in 2 Vorhaben (Jordan-Areal, Salzmann-Areal)"
    )


def test_the_map_data_and_the_pages_show_the_same_figures_to_everyone(
    client, demo_alliance, district
):
    area, _quarter = district
    _project(demo_alliance, area, "Jägerkaserne", 1081, 300)
    url = reverse("concept:projects_map", args=[demo_alliance.slug])
    collection = client.get(url).json()
    feature = next(f for f in collection["features"] if f["properties"]["key"] == area.key)
    assert feature["properties"]["color"] == maps.colour(1081)
    assert "1.081 Wohneinheiten in 1 Vorhaben (Jägerkaserne)" in feature["properties"]["label"]
    for page in ("concept:projects", "site:alliance"):
        html = client.get(reverse(page, args=[demo_alliance.slug])).content.decode()
        assert url in html and "Bauvorhaben auf der Karte" in html
        assert "Jägerkaserne" in html and "1.081" in html
