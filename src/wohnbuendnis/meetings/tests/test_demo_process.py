"""The demo adds meetings in every minutes state, the concept and the pipeline."""

import pytest

from wohnbuendnis import demo
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.meetings.models import Meeting, Minutes, MinutesStatus

pytestmark = pytest.mark.django_db


def test_demo_generates_two_years_of_meetings():
    demo.generate(parts=["process"])
    alliance = Alliance.objects.get(slug=demo.CITY_SLUG)
    meetings = Meeting.objects.filter(body__alliance=alliance)
    assert meetings.filter(body__kind="plenum").count() == 5  # four held, one upcoming
    assert meetings.count() > 30
    states = set(Minutes.objects.values_list("status", flat=True))
    assert states == set(MinutesStatus.values)
