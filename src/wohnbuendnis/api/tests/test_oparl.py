"""OParl 1.1: a client that starts at the System and follows every link finds only valid
objects (the OParl 1.1 schemas in ``oparl_schemas``), every object again at its id, no null,
and nothing that is not public."""

from __future__ import annotations

import json
from collections import deque

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from jsonschema import Draft202012Validator

from wohnbuendnis.accounts.models import User
from wohnbuendnis.api.tests.oparl_schemas import PAGE, VERSION, schema_of
from wohnbuendnis.meetings.models import AgendaDocument, AgendaItem, Meeting, MinutesStatus
from wohnbuendnis.meetings.services.documents import add_document
from wohnbuendnis.reports import services as reports

pytestmark = pytest.mark.django_db

SYSTEM = "http://testserver/api/oparl/v1/"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# properties that an object fetched at its id has and its embedded copy leaves out
BACK_REFERENCES = {"meeting", "body"}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def published_content(city):
    """A document on a public and one on a non-public agenda item of a meeting with published
    minutes, and a published report (the minutes of that meeting as HTML)."""
    coordinator = User.objects.get(username="koordination")
    meeting = (
        Meeting.objects.filter(body__alliance=city, minutes__status=MinutesStatus.PUBLISHED)
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None, "the demo has published minutes"
    public = meeting.agenda_items.filter(public=True).first()
    hidden = meeting.agenda_items.filter(public=False).first() or AgendaItem.objects.create(
        meeting=meeting, position=99, title="Vertrauliche Personalsache", public=False
    )
    shown = add_document(public, coordinator, _pdf("Praesentation Wohnungsmarkt.pdf"))
    secret = add_document(hidden, coordinator, _pdf("Vertrauliche Liste.pdf"))
    report = reports.request_report(city, coordinator, kind="minutes", fmt="html", meeting=meeting)
    report = reports.execute_report(report.pk)
    reports.publish_report(report, coordinator)
    return {"meeting": meeting, "shown": shown, "secret": secret, "hidden": hidden}


def _walk(client) -> tuple[dict[str, dict], list[dict]]:
    """Every object and list page reachable from the System: (objects by id, list pages)."""
    objects: dict[str, dict] = {}
    pages: list[dict] = []
    seen: set[str] = set()
    queue = deque([SYSTEM])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        if "data" in data:
            pages.append(data)
        else:
            objects[url.split("?")[0]] = data
        for link in _links(data):
            if link.startswith(SYSTEM) and link not in seen:
                queue.append(link)
    return objects, pages


def _links(value) -> list[str]:
    if isinstance(value, dict):
        return [link for item in value.values() for link in _links(item)]
    if isinstance(value, list):
        return [link for item in value for link in _links(item)]
    return [value] if isinstance(value, str) and value.startswith("http") else []


def _embedded(value) -> list[dict]:
    """Every object with a type inside ``value`` (itself included)."""
    found = []
    if isinstance(value, dict):
        if "type" in value and isinstance(value["type"], str):
            found.append(value)
        for item in value.values():
            found += _embedded(item)
    elif isinstance(value, list):
        for item in value:
            found += _embedded(item)
    return found


def _has_null(value) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def _validate(data: dict) -> None:
    errors = sorted(Draft202012Validator(schema_of(data["type"])).iter_errors(data), key=str)
    assert not errors, f"{data['id']}: {[e.message for e in errors]}"


def test_every_object_valid_fetchable_and_public_only(client, city, published_content):
    objects, pages = _walk(client)
    system = objects[SYSTEM]
    _validate(system)
    assert system["oparlVersion"] == VERSION

    for page in pages:
        assert Draft202012Validator(PAGE).is_valid(page)
        assert page["pagination"]["totalElements"] >= len(page["data"])
    listed = [item for page in pages for item in page["data"]]
    for item in [*objects.values(), *listed]:
        assert not _has_null(item), item["id"]
        for inner in _embedded(item):
            _validate(inner)
            # every object, embedded or listed, is fetchable again at its id and the same there
            fetched = objects[inner["id"]]
            assert {k: v for k, v in fetched.items() if k not in BACK_REFERENCES} == {
                k: v for k, v in inner.items() if k not in BACK_REFERENCES
            }

    types = {obj["type"].removeprefix(VERSION) for obj in objects.values()}
    assert {"System", "Body", "Organization", "Meeting", "AgendaItem", "Paper", "File"} <= types
    assert "Location" in types, "the demo's meetings have places"

    body = objects[f"{SYSTEM}body/{city.slug}/"]
    assert body["name"] == city.name and body["license"].startswith("https://www.govdata.de/")
    meeting = objects[f"{SYSTEM}meeting/{published_content['meeting'].pk}/"]
    assert meeting["resultsProtocol"]["mimeType"] == "text/html"
    assert meeting["start"].endswith(("+01:00", "+02:00"))  # local time with its offset
    names = [item["name"] for item in meeting["agendaItem"]]
    assert names == list(
        published_content["meeting"]
        .agenda_items.filter(public=True)
        .order_by("position")
        .values_list("title", flat=True)
    )

    text = json.dumps([objects, pages], ensure_ascii=False)
    shown = published_content["shown"]
    assert f"{SYSTEM}file/unterlage/{shown.pk}/" in objects
    assert "Vertrauliche Liste" not in text and "Vertrauliche" not in text
    for item in AgendaItem.objects.filter(meeting__body__alliance=city, public=False):
        assert f"agendaItem/{item.pk}/" not in text
        assert client.get(f"{SYSTEM}agendaItem/{item.pk}/").status_code == 404
    secret = published_content["secret"]
    assert client.get(f"{SYSTEM}file/unterlage/{secret.pk}/").status_code == 404
    videos = [v for v in Meeting.objects.values_list("video_url", flat=True) if v]
    assert videos and not any(video in text for video in videos)

    # every file can be fetched by its accessUrl without logging in
    for obj in objects.values():
        if obj["type"] == VERSION + "File":
            response = client.get(obj["accessUrl"])
            assert response.status_code == 200, obj["accessUrl"]
            # read the file stream to its end: the test client then closes it with the database
            # connection left open (response.close() would end the test's connection on PostgreSQL)
            assert response.getvalue()


def test_lists_paginate(client, city):
    url = f"{SYSTEM}body/{city.slug}/organization/"
    first = client.get(url).json()
    pagination = first["pagination"]
    assert pagination["totalElements"] == len(first["data"]) <= pagination["elementsPerPage"]
    assert first["links"]["self"] == f"{url}?page=1" and "next" not in first["links"]
    beyond = client.get(url, {"page": 5}).json()
    assert beyond["data"] == [] and beyond["links"]["first"] == f"{url}?page=1"
    assert client.get(f"{SYSTEM}body/{city.slug}/gibt-es-nicht/").status_code == 404
    assert client.get(f"{SYSTEM}body/gibt-es-nicht/").status_code == 404


def test_read_only(client, city):
    for url in (SYSTEM, f"{SYSTEM}body/", f"{SYSTEM}body/{city.slug}/"):
        assert client.post(url).status_code == 405


def test_a_document_appears_only_once_the_minutes_are_published(client, city):
    coordinator = User.objects.get(username="koordination")
    meeting = (
        Meeting.objects.filter(body__alliance=city)
        .exclude(minutes__status=MinutesStatus.PUBLISHED)
        .first()
    )
    item = meeting.agenda_items.filter(public=True).first() or AgendaItem.objects.create(
        meeting=meeting, position=98, title="Bericht", public=True
    )
    document = add_document(item, coordinator, _pdf("Entwurf.pdf"))
    assert AgendaDocument.objects.filter(pk=document.pk).exists()
    assert client.get(f"{SYSTEM}file/unterlage/{document.pk}/").status_code == 404
    page = client.get(f"{SYSTEM}meeting/{meeting.pk}/").json()
    assert "Entwurf.pdf" not in json.dumps(page)


def test_the_former_export_address_leads_to_the_body(client, city):
    response = client.get(f"/sitzungen/{city.slug}/oparl.json")
    assert (
        response.status_code == 301 and response["Location"] == f"/api/oparl/v1/body/{city.slug}/"
    )
    page = client.get(f"/buendnisse/{city.slug}/").content.decode()
    assert f"/api/oparl/v1/body/{city.slug}/" in page


def test_the_schemas_keep_the_official_rules():
    """Rules of the official OParl 1.1 files that the previous hand-written schemas missed."""

    def valid(data: dict) -> bool:
        return Draft202012Validator(schema_of(data["type"])).is_valid(data)

    file = {"id": f"{SYSTEM}file/x/1/", "type": VERSION + "File", "accessUrl": "https://a.de/"}
    assert valid({**file, "date": "2026-12-05"})
    assert not valid({**file, "date": "2026-12-05T10:00:00+01:00"})  # a date, no date-time
    item = {"id": f"{SYSTEM}agendaItem/1/", "type": VERSION + "AgendaItem", "order": 1}
    assert valid(item)
    assert not valid({k: v for k, v in item.items() if k != "order"})  # order is required
    system = {"id": SYSTEM, "type": VERSION + "System", "body": f"{SYSTEM}body/"}
    assert valid({**system, "oparlVersion": "https://schema.oparl.org/1.0/"})
    assert not valid({**system, "oparlVersion": None})
