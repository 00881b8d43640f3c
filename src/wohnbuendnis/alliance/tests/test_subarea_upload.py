"""Uploading a city's districts and quarters creates the areas; re-uploads update by key."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.tests.factories import AllianceFactory, MembershipFactory
from wohnbuendnis.areas import services
from wohnbuendnis.areas.models import Area, AreaLevel

pytestmark = pytest.mark.django_db

CSV = "key;name;parent\n01;Mitte;\n02;Nord-Holland;\n011;Altstadt;01\n012;Oberneustadt;01\n"


def _box(west: float) -> dict:
    ring = [[west, 51.3], [west + 0.01, 51.3], [west + 0.01, 51.31], [west, 51.31], [west, 51.3]]
    return {"type": "Polygon", "coordinates": [ring]}


def _geojson(*features: tuple[str, str, str | None, float]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"key": key, "name": name, "parent": parent},
                    "geometry": _box(west),
                }
                for key, name, parent, west in features
            ],
        }
    ).encode()


@pytest.fixture
def kassel():
    return AllianceFactory(area__key="06611000", area__name="Kassel").area


def _tree(city: Area) -> list[tuple[str, str, str, str]]:
    rows = Area.objects.filter(parent__parent=city) | Area.objects.filter(parent=city)
    return sorted((a.key, a.name, a.level, a.parent.key) for a in rows.select_related("parent"))


def test_a_csv_creates_districts_and_quarters(kassel):
    plan = services.preview_subareas(kassel, CSV.encode(), "kassel.csv")
    assert plan.ok and len(plan.created) == 4 and Area.objects.count() == 1  # nothing written
    services.commit_subareas(kassel, CSV.encode(), "kassel.csv")
    assert _tree(kassel) == [
        ("01", "Mitte", AreaLevel.DISTRICT, "06611000"),
        ("011", "Altstadt", AreaLevel.QUARTER, "01"),
        ("012", "Oberneustadt", AreaLevel.QUARTER, "01"),
        ("02", "Nord-Holland", AreaLevel.DISTRICT, "06611000"),
    ]


def test_a_windows_1252_csv_with_commas_is_read(kassel):
    data = "key,name,parent\n05,Wesertor,\n06,Fasanenhof,06611000\n".encode("cp1252")
    data += "07,Südstadt,\n".encode("cp1252")
    services.commit_subareas(kassel, data, "excel.csv")
    assert [name for _, name, *_ in _tree(kassel)] == ["Wesertor", "Fasanenhof", "Südstadt"]


def test_a_geojson_creates_areas_with_boundaries_and_a_reupload_updates_by_key(kassel):
    first = _geojson(("01", "Mitte", None, 9.4), ("011", "Altstadt", "01", 9.41))
    services.commit_subareas(kassel, first, "a.geojson")
    assert Area.objects.get(key="011").geometry == _box(9.41)
    # renamed, moved boundary, a new district; the quarter 011 is missing and stays
    second = _geojson(("01", "Kassel-Mitte", "", 9.5), ("03", "West", "", 9.6))
    plan = services.preview_subareas(kassel, second, "b.geojson")
    assert [(c.key, c.old_name, c.geometry_changed) for c in plan.updated] == [
        ("01", "Mitte", True)
    ]
    assert [c.key for c in plan.created] == ["03"]
    assert [a.key for a in plan.not_in_file] == ["011"]
    services.commit_subareas(kassel, second, "b.geojson")
    assert [(k, n) for k, n, *_ in _tree(kassel)] == [
        ("01", "Kassel-Mitte"),
        ("011", "Altstadt"),
        ("03", "West"),
    ]
    assert Area.objects.get(key="01").geometry == _box(9.5)
    again = services.preview_subareas(kassel, second, "b.geojson")
    assert (again.changes, again.unchanged) == (0, 2)


def test_a_csv_reupload_keeps_the_boundaries(kassel):
    services.commit_subareas(kassel, _geojson(("01", "Mitte", None, 9.4)), "a.geojson")
    services.commit_subareas(kassel, b"key;name\n01;Mitte (neu)\n", "names.csv")
    area = Area.objects.get(key="01")
    assert (area.name, area.geometry) == ("Mitte (neu)", _box(9.4))


def test_a_broken_file_lists_every_problem_by_line_and_writes_nothing(kassel):
    data = "key;name;parent\n01;Mitte;\n01;Doppelt;\n02;;\n031;Quartier;99\n04;Ost\n"
    plan = services.preview_subareas(kassel, data.encode(), "bad.csv")
    assert [(p.line, p.column) for p in plan.problems] == [
        (3, "key"),
        (4, "name"),
        (5, "parent"),
        (6, None),
    ]
    assert "99" in plan.problems[2].message
    with pytest.raises(Exception, match="nichts gespeichert"):
        services.commit_subareas(kassel, data.encode(), "bad.csv")
    assert Area.objects.count() == 1


def test_an_area_is_never_moved_to_another_parent_silently(kassel):
    services.commit_subareas(kassel, CSV.encode(), "kassel.csv")
    moved = b"key;name;parent\n011;Altstadt;02\n"
    plan = services.preview_subareas(kassel, moved, "moved.csv")
    assert [(p.line, p.column) for p in plan.problems] == [(2, "parent")]


def test_a_file_that_is_not_a_table_is_refused(kassel):
    for data, expected in ((b"", "leer"), (b"{nope", "JSON"), (b"a;b\n1;2\n", "„key“")):
        plan = services.preview_subareas(kassel, data, "x")
        assert not plan.ok and expected in plan.problems[0].message


def test_an_upload_over_20_mb_is_refused_without_reading_it_whole(kassel, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.csv", b"x" * (services.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(Exception, match="größer als 20 MB"):
        services.store_upload(big)
    assert list((tmp_path / services.UPLOAD_DIR).iterdir()) == []


def test_the_upload_pages_preview_then_commit(client, kassel, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alliance = kassel.alliances.get()
    client.force_login(
        MembershipFactory(alliance=alliance, role=Role.SPECIALIST_OFFICE).person.user
    )
    url = reverse("areas:upload", args=[kassel.pk])
    upload = SimpleUploadedFile("kassel.csv", CSV.encode())
    html = client.post(url, {"file": upload}).content.decode()
    assert "4 Gebiete neu" in html and "Oberneustadt" in html
    assert Area.objects.count() == 1
    sha = services.store_upload(SimpleUploadedFile("kassel.csv", CSV.encode()))
    response = client.post(
        reverse("areas:commit", args=[kassel.pk]), {"sha": sha, "name": "kassel.csv"}
    )
    assert response.status_code == 302
    assert Area.objects.count() == 5


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATION, 200),
        (Role.SPECIALIST_OFFICE, 200),
        (Role.HOUSING_OFFICE, 403),
        (Role.LANDLORD, 403),
        (Role.SOCIAL_AGENCY, 403),
        (Role.POLITICS, 403),
        (Role.MEMBER, 403),
    ],
)
def test_only_coordination_and_the_specialist_office_of_the_city_may_upload(
    client, kassel, role, status
):
    membership = MembershipFactory(alliance=kassel.alliances.get(), role=role)
    client.force_login(membership.person.user)
    assert client.get(reverse("areas:upload", args=[kassel.pk])).status_code == status
    other_city = AllianceFactory().area  # the same role elsewhere grants nothing here
    assert client.get(reverse("areas:upload", args=[other_city.pk])).status_code == 403
    if status == 200:  # and not below a Land or a Kreis
        land = Area.objects.create(level=AreaLevel.STATE, key="06", name="Hessen")
        assert client.get(reverse("areas:upload", args=[land.pk])).status_code == 403


def test_the_public_is_sent_to_the_login(client, kassel):
    response = client.get(reverse("areas:upload", args=[kassel.pk]))
    assert response.status_code == 302 and reverse("login") in response.url
    commit = client.post(reverse("areas:commit", args=[kassel.pk]), {"sha": "0" * 64})
    assert commit.status_code == 302 and reverse("login") in commit.url
