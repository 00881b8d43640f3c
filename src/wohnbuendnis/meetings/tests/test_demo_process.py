"""The demo adds meetings in every minutes state, the concept and the pipeline."""

import time

import pytest

from wohnbuendnis import demo
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.meetings.models import Meeting, Minutes, MinutesStatus

pytestmark = pytest.mark.django_db


def test_demo_generates_two_years_of_meetings_quickly():
    started = time.perf_counter()
    demo.generate(parts=["process"])
    elapsed = time.perf_counter() - started
    alliance = Alliance.objects.get(slug=demo.CITY_SLUG)
    meetings = Meeting.objects.filter(body__alliance=alliance)
    assert meetings.filter(body__kind="plenum").count() == 5  # four held, one upcoming
    assert meetings.count() > 30
    states = set(Minutes.objects.values_list("status", flat=True))
    assert states == set(MinutesStatus.values)
    assert elapsed < 5  # the base and the process part
