"""The iCalendar writer: a fixed event gives exactly this text (RFC 5545)."""

import datetime

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


def test_a_fixed_event_gives_exactly_this_text():
    assert ical.calendar([EVENT], STAMP, method="REQUEST") == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//wohnbuendnis//Sitzungen//DE\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:meeting-7@wohnbuendnis\r\n"
        "DTSTAMP:20260201T083000Z\r\n"
        "DTSTART:20260304T150000Z\r\n"
        "DTEND:20260304T170000Z\r\n"
        "SEQUENCE:0\r\n"
        "SUMMARY:Plenum: Sitzung 03/2026\r\n"
        "LOCATION:Rathaus\\, Saal 2\\; Eingang B\r\n"
        "DESCRIPTION:TOP 1: Begrüßung\\nTOP 2: Berichte\\\\Anlagen\r\n"
        "STATUS:CONFIRMED\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "ä" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(parts)) == line


def test_short_lines_stay_whole_and_naive_times_are_refused():
    assert ical.fold("SUMMARY:kurz") == "SUMMARY:kurz"
    try:
        ical.format_utc(datetime.datetime(2026, 1, 1))
    except ValueError:
        pass
    else:
        raise AssertionError("naive datetime accepted")
