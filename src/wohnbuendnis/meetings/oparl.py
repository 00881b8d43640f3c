"""An OParl-style (https://oparl.org, schema 1.1) JSON view of an alliance's bodies, meetings
and agenda items – the public part only.

Non-public agenda items are left out entirely (not even as an empty entry), and so are the
responsible people, attendance and video links: the export is as public as the public pages.
"""

from __future__ import annotations

from collections.abc import Callable

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.meetings.models import AgendaItem, Meeting, MeetingStatus, MinutesStatus
from wohnbuendnis.meetings.queries import public_meetings

SCHEMA = "https://schema.oparl.org/1.1/"


def _agenda_item(item: AgendaItem, url: Callable[[str], str]) -> dict:
    return {
        "id": url(f"agenda-item-{item.pk}"),
        "type": SCHEMA + "AgendaItem",
        "number": str(item.position),
        "order": item.position,
        "name": item.title,
        "public": True,
    }


def _meeting(meeting: Meeting, url: Callable[[str], str], summary_url) -> dict:
    data = {
        "id": url(f"meeting-{meeting.pk}"),
        "type": SCHEMA + "Meeting",
        "name": meeting.title,
        "meetingState": meeting.get_status_display(),
        "cancelled": meeting.status == MeetingStatus.CANCELLED,
        "start": meeting.starts_at.isoformat(),
        "end": meeting.ends_at.isoformat(),
        "location": {"description": meeting.place} if meeting.place else None,
        "organization": [url(f"organization-{meeting.body_id}")],
        "agendaItem": [_agenda_item(item, url) for item in meeting.agenda_items.all()],
    }
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.status == MinutesStatus.PUBLISHED:
        data["resultsProtocol"] = summary_url(minutes.pk)
    return data


def export(alliance: Alliance, url: Callable[[str], str], summary_url) -> dict:
    """The alliance as an OParl Body with its bodies (Organization) and meetings.

    ``url(key)`` builds an object's id, ``summary_url(pk)`` the public summary's address."""
    meetings = public_meetings(alliance)
    return {
        "id": url("body"),
        "type": SCHEMA + "Body",
        "name": alliance.name,
        "organization": [
            {
                "id": url(f"organization-{body.pk}"),
                "type": SCHEMA + "Organization",
                "name": body.name,
                "shortName": body.short_name or None,
                "classification": body.get_kind_display(),
            }
            for body in alliance.bodies.order_by("position")
        ],
        "meeting": [_meeting(m, url, summary_url) for m in meetings],
    }
