"""The OParl-style export: bodies, meetings and public agenda items – never a non-public one."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from wohnbuendnis.meetings.models import AgendaItem, Meeting, MinutesStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def test_the_export_is_public_and_holds_no_non_public_item(client, demo_alliance):
    response = client.get(reverse("meetings:oparl", args=[demo_alliance.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    text = response.content.decode()
    assert data["type"] == "https://schema.oparl.org/1.1/Body"
    assert {o["name"] for o in data["organization"]} >= {"Plenum", "Steuerungsgruppe"}
    meetings = Meeting.objects.filter(body__alliance=demo_alliance)
    assert len(data["meeting"]) == meetings.count()
    items = AgendaItem.objects.filter(meeting__body__alliance=demo_alliance)
    public, hidden = items.filter(public=True), items.filter(public=False)
    assert hidden.exists()
    exported = [i for m in data["meeting"] for i in m["agendaItem"]]
    assert len(exported) == public.count()
    assert all(i["public"] for i in exported)
    for item in hidden:
        assert f'#agenda-item-{item.pk}"' not in text
    hidden_titles = set(hidden.values_list("title", flat=True)) - set(
        public.values_list("title", flat=True)
    )
    assert hidden_titles and not any(title in text for title in hidden_titles)
    # No people, no attendance, no video links.
    assert "video.musterstadt.example" not in text
    for meeting in meetings.filter(agenda_items__responsible__isnull=False)[:3]:
        for item in meeting.agenda_items.filter(responsible__isnull=False):
            assert item.responsible.last_name not in text
    published = meetings.filter(minutes__status=MinutesStatus.PUBLISHED).count()
    assert sum("resultsProtocol" in m for m in data["meeting"]) == published
