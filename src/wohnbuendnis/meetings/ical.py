"""A small iCalendar (RFC 5545) writer for meeting invitations and calendar feeds.

Only what invitations need: VCALENDAR with VEVENTs, TEXT escaping (§3.3.11), times in UTC
(§3.3.5 form 2, so no VTIMEZONE is needed) and line folding at 75 octets (§3.1) that never
splits a UTF-8 character.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75
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


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continued by CRLF + space."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def format_utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: datetime.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(event.start)}",
        f"DTEND:{format_utc(event.end)}",
        f"SEQUENCE:{event.sequence}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    stamp: datetime.datetime,
    *,
    name: str = "",
    method: str = "PUBLISH",
) -> str:
    """A VCALENDAR with the given events; ``stamp`` is the DTSTAMP of every event."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
