"""Which persona may open which monitoring page (docs/roles-and-permissions.md, Monitoring).

Members read; Koordination and Fachamt import and maintain; the public sees only the public
barometer. One test walks the whole matrix so that the demo data set is built once.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.monitoring.models import Observation, Threshold

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

PERSONAS = list(Role.values)
MAINTAINERS = {"koordination", "fachamt"}
REGIONAL = {"fachamt", "vermieter", "mitglied"}  # demo logins with a role in the region
REGION_MAINTAINERS = {"fachamt"}


def _pages(city: Alliance, region: Alliance) -> dict[str, dict[str, str]]:
    slug = city.slug
    district = city.area.children.first().pk
    row = Observation.objects.filter(area__parent=city.area).first().pk
    return {
        "public": {"barometer": reverse("monitoring:public_barometer", args=[slug])},
        "member": {
            "dashboard": reverse("monitoring:dashboard", args=[slug]),
            "dashboard_area": reverse("monitoring:dashboard_area", args=[slug, district]),
            "catalogue": reverse("monitoring:catalogue", args=[slug]),
            "indicator": reverse("monitoring:indicator", args=[slug, "sgb2_rate"]),
            "indicator_area": reverse(
                "monitoring:indicator_area", args=[slug, "sgb2_rate", district]
            ),
            "map": reverse("monitoring:map", args=[slug]),
            "map_data": reverse("monitoring:map_data", args=[slug]),
            "index": reverse("monitoring:index", args=[slug]),
            "index_map_data": reverse("monitoring:index_map_data", args=[slug]),
            "download_csv": reverse("monitoring:download", args=[slug, "csv"]),
            "download_observations": reverse("monitoring:download_observations", args=[slug]),
        },
        "maintain": {
            "import": reverse("monitoring:import", args=[slug]),
            "indicator_edit": reverse("monitoring:indicator_edit", args=[slug, "sgb2_rate"]),
            "threshold": reverse("monitoring:threshold", args=[slug, "sgb2_rate"]),
            "correct": reverse("monitoring:correct", args=[slug, row]),
            "index_settings": reverse("monitoring:index_settings", args=[slug]),
        },
        "regional": {
            "region_dashboard": reverse("monitoring:dashboard", args=[region.slug]),
            "region_catalogue": reverse("monitoring:catalogue", args=[region.slug]),
            "region_map": reverse("monitoring:map", args=[region.slug]),
            "region_comparison": reverse("monitoring:comparison", args=[region.slug]),
            "region_map_municipalities": reverse("monitoring:map", args=[region.slug])
            + "?ebene=gemeinden",
            "region_index": reverse("monitoring:index", args=[region.slug]),
            "region_download": reverse("monitoring:download", args=[region.slug, "csv"]),
        },
        # Only Fachamt maintains the region's monitoring among the demo logins.
        "region_maintain": {
            "region_import": reverse("monitoring:import", args=[region.slug]),
            "region_threshold": reverse("monitoring:threshold", args=[region.slug, "permits"]),
            "region_edit": reverse("monitoring:indicator_edit", args=[region.slug, "permits"]),
            "region_index_settings": reverse("monitoring:index_settings", args=[region.slug]),
        },
    }


def _expected(persona: str, group: str) -> int:
    if group == "public":
        return 200
    if persona == "oeffentlichkeit":
        return 302
    if group == "maintain":
        return 200 if persona in MAINTAINERS else 403
    if group == "region_maintain":
        return 200 if persona in REGION_MAINTAINERS else 403
    if group == "regional":
        return 200 if persona in REGIONAL else 403
    return 200


def test_every_persona_sees_exactly_its_monitoring_pages(client, demo_alliance):
    region = Alliance.objects.get(slug="region-musterland")
    pages = _pages(demo_alliance, region)
    for persona in [*PERSONAS, "oeffentlichkeit"]:
        client.logout()
        if persona != "oeffentlichkeit":
            client.force_login(User.objects.get(username=persona))
        for group, urls in pages.items():
            for page, url in urls.items():
                status = client.get(url).status_code
                assert status == _expected(persona, group), (persona, page, status)


def test_only_maintainers_change_data_by_post(client, demo_alliance):
    row = Observation.objects.filter(area__parent=demo_alliance.area).first()
    threshold_url = reverse("monitoring:threshold", args=[demo_alliance.slug, "sgb2_rate"])
    correct_url = reverse("monitoring:correct", args=[demo_alliance.slug, row.pk])
    before = (row.value, list(Threshold.objects.values_list("green", "red")))
    for persona in [*sorted(set(PERSONAS) - MAINTAINERS), "oeffentlichkeit"]:
        client.logout()
        if persona != "oeffentlichkeit":
            client.force_login(User.objects.get(username=persona))
        expected = 302 if persona == "oeffentlichkeit" else 403
        assert client.post(threshold_url, {"green": "1", "red": "2"}).status_code == expected
        assert client.post(correct_url, {"value": "1", "reason": "x"}).status_code == expected
    row.refresh_from_db()
    assert (row.value, list(Threshold.objects.values_list("green", "red"))) == before


def test_areas_of_another_alliance_are_not_found(client, fachamt, demo_alliance):
    region = Alliance.objects.get(slug="region-musterland")
    neighbour = region.area.children.exclude(pk=demo_alliance.area_id).first()
    client.force_login(fachamt)
    url = reverse("monitoring:dashboard_area", args=[demo_alliance.slug, neighbour.pk])
    assert client.get(url).status_code == 404
