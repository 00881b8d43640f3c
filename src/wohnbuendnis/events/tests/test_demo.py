"""The demo's events: a past kick-off with its report and attendance, a full public forum with
a waiting list, a members-only focus event with a member registered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.events import services
from wohnbuendnis.events.models import Audience, Event

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("events")]


def test_the_demo_events_show_every_state(client, demo_alliance):
    events = {e.kind: e for e in Event.objects.filter(alliance=demo_alliance)}
    assert set(events) == {"auftakt", "forum", "fachgruppe"}
    kick_off, forum, focus = events["auftakt"], events["forum"], events["fachgruppe"]
    assert kick_off.report and services.counts(kick_off).attended == 11
    counts = services.counts(forum)
    assert (counts.confirmed, counts.waiting) == (8, 2)
    assert focus.audience == Audience.MEMBERS and services.counts(focus).confirmed == 1
    html = client.get(reverse("events:event", args=[kick_off.pk])).content.decode()
    assert "Thementischen" in html  # the report, public after the event
    start = client.get(reverse("site:alliance", args=[demo_alliance.slug])).content.decode()
    assert forum.title in start and focus.title not in start and kick_off.title not in start
