"""Read-only lookups of the meetings that other apps share."""

from __future__ import annotations

from django.db.models import Prefetch

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.meetings.models import AgendaItem, Meeting, Minutes, MinutesStatus


def public_meetings(alliance: Alliance):
    """The alliance's meetings as the public sees them (the OParl export, the open data, the
    public start page): every meeting of its bodies, earliest first, with only its public
    agenda items prefetched (``agenda_items``); responsible people, attendance and video links
    are never part of the public view."""
    return public_meeting_rows().filter(body__alliance=alliance)


def public_meeting_rows():
    """Every alliance's meetings as the public sees them (see ``public_meetings``)."""
    public_items = AgendaItem.objects.filter(public=True).order_by("position")
    return (
        Meeting.objects.select_related("minutes", "body")
        .prefetch_related(Prefetch("agenda_items", queryset=public_items))
        .order_by("starts_at", "pk")
    )


def published_minutes(alliance: Alliance):
    """The minutes whose public summary Koordination published, newest meeting first."""
    return (
        Minutes.objects.filter(meeting__body__alliance=alliance, status=MinutesStatus.PUBLISHED)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")
    )
