"""Read-only lookups of events (the lists, the public start page, the attendance list)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.events.models import Audience, Event, ProgrammePoint, Registration


def events_for(alliance: Alliance, *, members: bool):
    """The alliance's events a visitor may see: the public ones, and for members also the
    members-only ones; earliest first."""
    events = Event.objects.filter(alliance=alliance)
    if not members:
        events = events.filter(audience=Audience.PUBLIC)
    return events.order_by("starts_at", "pk")


def upcoming(alliance: Alliance, *, members: bool):
    return events_for(alliance, members=members).filter(ends_at__gte=timezone.now())


def past(alliance: Alliance, *, members: bool):
    return events_for(alliance, members=members).filter(ends_at__lt=timezone.now()).reverse()


def upcoming_public_events(alliance: Alliance):
    """What the alliance's public start page shows under "what is next"."""
    return upcoming(alliance, members=False).prefetch_related(
        Prefetch("programme", queryset=ProgrammePoint.objects.order_by("position"))
    )


def attendance_list(event: Event):
    """Every registration of the event, by status: confirmed, waiting (in order), unconfirmed,
    cancelled."""
    rows = Registration.objects.filter(event=event)
    order = {"bestaetigt": 0, "warteliste": 1, "unbestaetigt": 2, "storniert": 3}
    return sorted(
        rows,
        key=lambda r: (order[r.status], r.queued_at or r.created_at, r.name.lower(), r.pk),
    )
