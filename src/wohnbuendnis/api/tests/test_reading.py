"""Reading the API without a token: only what the public pages show, paginated, documented."""

from __future__ import annotations

import json

import pytest

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.concept.models import Measure
from wohnbuendnis.meetings.models import AgendaItem
from wohnbuendnis.monitoring.models import Indicator, Observation

pytestmark = pytest.mark.django_db


def _all(client, url: str) -> list[dict]:
    items, offset = [], 0
    while True:
        page = client.get(url, {"limit": 500, "offset": offset}).json()
        items += page["items"]
        offset += page["limit"]
        if offset >= page["count"]:
            return items


def test_docs_and_openapi_document_are_served(client, city):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"/static/ninja/swagger-ui-bundle" in docs.content
    missing = client.get("/api/v1/alliances/gibt-es-nicht/areas")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    bad = client.get(f"/api/v1/alliances/{city.slug}/areas", {"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.json()["errors"]


def test_only_public_series_released_measures_and_public_agenda_items(client, city):
    base = f"/api/v1/alliances/{city.slug}"
    observations = _all(client, f"{base}/observations")
    public = set(Indicator.objects.filter(is_public=True).values_list("key", flat=True))
    hidden = set(Indicator.objects.filter(is_public=False).values_list("key", flat=True))
    assert observations and hidden, "the demo has public and internal indicators"
    assert {row["indicator"] for row in observations} <= public
    assert (
        len(observations)
        == Observation.objects.filter(
            indicator__key__in=public, area__in=[city.area_id, *city.area.descendant_ids()]
        ).count()
    )
    measures = _all(client, f"{base}/measures")
    released = Measure.objects.filter(alliance=city).exclude(released_status="")
    assert len(measures) == released.count()
    for row in measures:
        assert row["status"] == released.get(number=row["number"]).released_status
    meetings = _all(client, f"{base}/meetings")
    titles = {item["title"] for m in meetings for item in m["agenda"]}
    internal = AgendaItem.objects.filter(meeting__body__alliance=city, public=False)
    assert internal.exists() and not titles & set(internal.values_list("title", flat=True))
    # no person of the alliance is named anywhere
    everything = json.dumps([
        _all(client, f"{base}/{name}")
        for name in ("areas", "indicators", "goals", "projects", "meetings")
    ] + [measures, meetings])  # fmt: skip
    for person in Person.objects.all():
        assert f"{person.first_name} {person.last_name}" not in everything
        assert not person.email or person.email not in everything
