"""A landlord's token reports a flat with its address and district key; a key that is not a
district of the alliance's municipality is refused as in the browser, and nothing is stored."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from wohnbuendnis.allocation.models import Vacancy
from wohnbuendnis.api.models import ApiCall
from wohnbuendnis.api.tests.conftest import issue
from wohnbuendnis.areas.models import Area, AreaLevel

pytestmark = pytest.mark.django_db


def _flat(**changes) -> dict:
    today = timezone.localdate()
    return {
        "label": "2. OG links", "street": "Lindenstraße", "house_number": "7a",
        "postcode": "99103", "rooms": 2.5, "area_m2": 61.5, "rent_gross_eur": 642.1,
        "bound_until": str(today.replace(year=today.year + 15)),
        "available_from": str(today + datetime.timedelta(days=30)),
    } | changes  # fmt: skip


def _post(client, city, raw, body):
    return client.post(
        f"/api/v1/alliances/{city.slug}/vacancies", json.dumps(body),
        content_type="application/json", headers={"Authorization": f"Bearer {raw}"},
    )  # fmt: skip


def test_the_api_takes_address_and_district_key(client, city):
    _token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    district = Area.objects.get(parent=city.area, level=AreaLevel.DISTRICT, name="Nordstadt")
    response = _post(client, city, raw, _flat(district=district.key))
    assert response.status_code == 201, response.content
    assert response.json()["district"] == district.key
    flat = Vacancy.objects.get(public_id=response.json()["id"]).flat
    assert (flat.street, flat.house_number, flat.postcode, flat.district) == (
        "Lindenstraße", "7a", "99103", district,
    )  # fmt: skip
    without = _post(client, city, raw, _flat())  # the district stays optional
    assert without.status_code == 201 and without.json()["district"] is None


def test_the_api_refuses_a_district_outside_the_alliance(client, city):
    token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    before = Vacancy.objects.count()
    quarter = Area.objects.filter(level=AreaLevel.QUARTER, parent__parent=city.area).first()
    for key in ("99", quarter.key, city.area.key):
        refused = _post(client, city, raw, _flat(district=key))
        assert refused.status_code == 422, key
        assert "district" in refused.json()["errors"]
    postcode = _post(client, city, raw, _flat(postcode="1234"))
    assert postcode.status_code == 422
    assert Vacancy.objects.count() == before
    assert ApiCall.objects.filter(token=token, status=422).count() >= 3
