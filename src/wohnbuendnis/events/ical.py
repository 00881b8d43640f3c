"""An event as iCalendar (RFC 5545), written by the maintained ``icalendar`` library (as the
meetings' invitations): times in UTC, STATUS CANCELLED for a cancelled event."""

from __future__ import annotations

import datetime

import icalendar

from wohnbuendnis.events.models import Event

PRODID = "-//wohnbuendnis//Veranstaltungen//DE"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(datetime.UTC)


def calendar(event: Event, *, url: str, stamp: datetime.datetime, domain: str) -> str:
    """One VEVENT for ``event``; ``url`` is the event page; the video link only for members
    (the caller decides by passing ``event.video_url`` in the location or not)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    vevent = icalendar.Event()
    vevent.add("uid", f"veranstaltung-{event.pk}@{domain}")
    vevent.add("dtstamp", _utc(stamp))
    vevent.add("dtstart", _utc(event.starts_at))
    vevent.add("dtend", _utc(event.ends_at))
    vevent.add("summary", event.title)
    location = ", ".join(part for part in (event.place, event.video_url) if part)
    if location:
        vevent.add("location", location)
    lines = [event.description] if event.description else []
    lines += [str(point) for point in event.programme.all()]
    if lines:
        vevent.add("description", "\n".join(lines))
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    cal.add_component(vevent)
    return cal.to_ical().decode("utf-8")
