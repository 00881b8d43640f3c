"""Meeting invitations and calendar feeds as iCalendar (RFC 5545), written by ``icalendar``.

The maintained library does the parts that are easy to get wrong by hand: line folding at 75
octets without splitting a character (§3.1), TEXT escaping (§3.3.11), and the scheduling
properties METHOD (RFC 5546: PUBLISH for feeds, REQUEST for an invitation or its update,
CANCEL for a cancellation), SEQUENCE and STATUS. Times are written in UTC (§3.3.5 form 2), so
no VTIMEZONE is needed; a naive time is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

PRODID = "-//wohnbuendnis//Sitzungen//DE"


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime.datetime  # aware
    end: datetime.datetime  # aware
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(datetime.UTC)


def _vevent(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _utc(stamp))
    vevent.add("dtstart", _utc(event.start))
    vevent.add("dtend", _utc(event.end))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.summary)
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent


def calendar(
    events: Iterable[Event],
    stamp: datetime.datetime,
    *,
    name: str = "",
    method: str = "PUBLISH",
) -> str:
    """A VCALENDAR with the given events; ``stamp`` is the DTSTAMP of every event."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, stamp))
    return cal.to_ical().decode("utf-8")


def parse(text: str | bytes) -> icalendar.Calendar:
    """Read a calendar back (tests and the feed check use it)."""
    return icalendar.Calendar.from_ical(text)
