"""The alliance's public start page leads somewhere (issue 17, item 4): upcoming meetings with
their public topics only, the latest published results, key figures, the published forecast,
the concept's progress as released and the open data."""

from __future__ import annotations

import datetime
import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.concept.models import Measure
from wohnbuendnis.concept.queries import public_concept
from wohnbuendnis.forecast.models import ForecastRun
from wohnbuendnis.forecast.services import publish_run
from wohnbuendnis.meetings import services as meetings
from wohnbuendnis.monitoring.models import Indicator, Observation


@pytest.mark.demo_parts("process", "monitoring", "forecast")
def test_the_public_start_page_leads_to_what_is_next_and_what_came_out(
    client, demo_alliance, koordination
):
    body = demo_alliance.bodies.order_by("position").first()
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = meetings.schedule_meeting(
        body,
        koordination,
        title="Plenumssitzung Zukunft",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rathaus, Festsaal",
        agenda=[
            {"title": "Wohnungsmarktbericht", "duration_minutes": 20, "public": True},
            {
                "title": "Grundstücksverhandlung Vertraulich",
                "duration_minutes": 20,
                "public": False,
            },
        ],
    )
    html = client.get(reverse("site:alliance", args=[demo_alliance.slug])).content.decode()
    # what is next: the meeting with its public topic, never the non-public one
    assert "Plenumssitzung Zukunft" in html and "Rathaus, Festsaal" in html
    assert "Wohnungsmarktbericht" in html
    assert "Grundstücksverhandlung Vertraulich" not in html
    assert meeting.pk
    # key figures of public indicators, with the barometer's link
    population = Indicator.objects.get(key="population")
    latest = Observation.objects.filter(indicator=population, area=demo_alliance.area).latest(
        "year"
    )
    assert population.is_public and population.is_key_figure
    assert f"{latest.value:,.0f}".replace(",", ".") in html
    assert reverse("monitoring:public_barometer", args=[demo_alliance.slug]) in html
    for hidden in Indicator.objects.filter(is_public=False, is_key_figure=True):
        assert hidden.name not in html
    # the concept's progress as released
    _edition, sections = public_concept(demo_alliance)
    ids = [m["id"] for s in sections for m in s["measures"]]
    released = [
        m.released_progress for m in Measure.objects.filter(pk__in=ids).exclude(released_status="")
    ]
    assert released
    average = round(sum(released) / len(released))
    assert f"{len(released)} von {len(ids)} Maßnahmen mit freigegebenem Stand" in html
    assert f"im Mittel {average} % umgesetzt" in html
    assert reverse("concept:public", args=[demo_alliance.slug]) in html
    # the published forecast, and the open data
    run = ForecastRun.objects.get(alliance=demo_alliance, published=True)
    assert reverse("forecast:run", args=[demo_alliance.slug, run.pk]) in html
    assert reverse("opendata:index", args=[demo_alliance.slug]) in html
    assert reverse("meetings:public_summaries", args=[demo_alliance.slug]) in html
    assert "Ergebnisse: " in html  # the latest public summaries
    # nobody named
    for person in Person.objects.all():
        assert f"{person.first_name} {person.last_name}" not in html
    publish_run(run, koordination, published=False)
    html = client.get(reverse("site:alliance", args=[demo_alliance.slug])).content.decode()
    assert reverse("forecast:run", args=[demo_alliance.slug, run.pk]) not in html
    assert "Noch keine Prognose veröffentlicht." in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("site:alliance", args=[demo_alliance.slug])).content.decode()
    assert "Upcoming meetings" in html
    assert f"on average {average} % implemented" in html
    assert "No forecast published yet." in html
    page = client.get(reverse("opendata:index", args=[demo_alliance.slug])).content.decode()
    assert "Data catalogue (DCAT-AP.de, JSON-LD)" in page


@pytest.mark.demo_parts("process")
def test_visitors_without_login_get_the_page_built_at_most_once_in_public_page_seconds(
    client, settings, demo_alliance, koordination, django_assert_max_num_queries
):
    """Issue 18: the busiest public page reads six apps; for visitors without a login it is
    built once per PUBLIC_PAGE_SECONDS, signed-in people see it as it is."""
    settings.PUBLIC_PAGE_SECONDS = 60
    url = reverse("site:alliance", args=[demo_alliance.slug])
    assert "Plenumssitzung Neu" not in client.get(url).content.decode()
    start = timezone.now() + datetime.timedelta(days=5)
    meetings.schedule_meeting(
        demo_alliance.bodies.order_by("position").first(),
        koordination,
        title="Plenumssitzung Neu",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Rathaus",
        agenda=[{"title": "Wohnungsmarktbericht", "duration_minutes": 20, "public": True}],
    )
    with django_assert_max_num_queries(2):  # the alliance, nothing of the page's content
        assert "Plenumssitzung Neu" not in client.get(url).content.decode()
    member = Client()
    member.force_login(koordination)
    assert "Plenumssitzung Neu" in member.get(url).content.decode()
    a_minute_later = time.time() + 61  # the cache's clock: the kept page has expired
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=a_minute_later):
        assert "Plenumssitzung Neu" in client.get(url).content.decode()
