"""The iCalendar writer (icalendar library): a fixed event reads back with its content, long
lines fold at 75 octets without splitting characters, naive times are refused."""

import datetime

import pytest

from wohnbuendnis.meetings import ical

BERLIN = datetime.timezone(datetime.timedelta(hours=1))
EVENT = ical.Event(
    uid="meeting-7@wohnbuendnis",
    start=datetime.datetime(2026, 3, 4, 16, 0, tzinfo=BERLIN),
    end=datetime.datetime(2026, 3, 4, 18, 0, tzinfo=BERLIN),
    summary="Plenum: Sitzung 03/2026",
    location="Rathaus, Saal 2; Eingang B",
    description="TOP 1: Begrüßung\nTOP 2: Berichte\\Anlagen",
)
STAMP = datetime.datetime(2026, 2, 1, 8, 30, tzinfo=datetime.UTC)


def test_a_fixed_event_has_this_content_and_reads_back():
    text = ical.calendar([EVENT], STAMP, method="REQUEST")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    for line in (
        "VERSION:2.0",
        "PRODID:-//wohnbuendnis//Sitzungen//DE",
        "METHOD:REQUEST",
        "UID:meeting-7@wohnbuendnis",
        "DTSTAMP:20260201T083000Z",
        "DTSTART:20260304T150000Z",  # 16:00 at UTC+1
        "DTEND:20260304T170000Z",
        "SEQUENCE:0",
        "SUMMARY:Plenum: Sitzung 03/2026",
        "LOCATION:Rathaus\\, Saal 2\\; Eingang B",
        "DESCRIPTION:TOP 1: Begrüßung\\nTOP 2: Berichte\\\\Anlagen",
        "STATUS:CONFIRMED",
    ):
        assert line + "\r\n" in text
    event = ical.parse(text).events[0]
    assert str(event["LOCATION"]) == EVENT.location
    assert str(event["DESCRIPTION"]) == EVENT.description
    assert event.decoded("DTSTART") == EVENT.start


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    long = ical.Event(**{**EVENT.__dict__, "description": "ä" * 100})
    text = ical.calendar([long], STAMP)
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert str(ical.parse(text).events[0]["DESCRIPTION"]) == "ä" * 100


def test_naive_times_are_refused():
    naive = ical.Event(**{**EVENT.__dict__, "start": datetime.datetime(2026, 1, 1)})
    with pytest.raises(ValueError):
        ical.calendar([naive], STAMP)
