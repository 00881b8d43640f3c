"""Meetings: scheduling with an agenda, invitations, attendance, resolutions, calendar tokens."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Body, Person
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.meetings import ical
from wohnbuendnis.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    Meeting,
    MeetingStatus,
    Minutes,
    Resolution,
)
from wohnbuendnis.meetings.services.shared import _send


@transaction.atomic
def schedule_meeting(
    body: Body,
    by,
    *,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
    agenda: list[dict] = (),
) -> Meeting:
    """Plan a meeting of a body with its agenda (dicts with the fields of ``AgendaItem``)."""
    check_date_near_today(starts_at, _("Das Datum der Sitzung"))
    if ends_at <= starts_at:
        raise ValidationError(_("Das Ende muss nach dem Beginn liegen."))
    if not place and not video_url:
        raise ValidationError(_("Bitte geben Sie einen Ort oder einen Videokonferenz-Link an."))
    meeting = Meeting(
        body=body,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
    )
    meeting.save()
    record_status(meeting, by, new=True)
    for entry in agenda:
        add_agenda_item(meeting, by, **entry)
    return meeting


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    by,
    *,
    title: str,
    duration_minutes: int = 15,
    responsible: Person | None = None,
    public: bool = True,
    description: str = "",
) -> AgendaItem:
    """Append an item to the agenda; the agenda is fixed once minutes exist."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("Die Tagesordnung ist abgeschlossen: Es gibt bereits ein Protokoll.")
        )
    position = meeting.agenda_items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=title,
        duration_minutes=duration_minutes,
        responsible=responsible,
        public=public,
        description=description,
    )


def meeting_event(meeting: Meeting, *, url: str = "") -> ical.Event:
    agenda = "\n".join(f"TOP {item.position}: {item.title}" for item in meeting.agenda_items.all())
    location = meeting.place or meeting.video_url
    return ical.Event(
        uid=f"meeting-{meeting.pk}@wohnbuendnis",
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=f"{meeting.body}: {meeting.title}",
        location=location,
        description=agenda,
        url=url,
        # Only status changes revise the event; notes (a deleted document) keep the status.
        sequence=meeting.history.exclude(from_status=models.F("to_status")).count(),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


@transaction.atomic
def send_invitations(meeting: Meeting, by, *, url: str = "", notify: bool = True) -> int:
    """E-mail every member of the body an invitation with an .ics file; returns the count.

    ``notify=False`` records the invitation without mail (imported or demo meetings)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        raise ValidationError(_("Zu dieser Sitzung kann nicht mehr eingeladen werden."))
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Eine Einladung braucht eine Tagesordnung."))
    if meeting.status == MeetingStatus.PLANNED:
        change_status(meeting, MeetingStatus.INVITED, by, save=False)
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["status", "invitations_sent_at"])
    if not notify:
        return 0
    ics = ical.calendar([meeting_event(meeting, url=url)], timezone.now(), method="REQUEST")
    subject = _("Einladung: %(body)s – %(title)s am %(day)s") % {
        "body": meeting.body,
        "title": meeting.title,
        "day": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
    }
    text = _invitation_text(meeting, url)
    messages = []
    for person in meeting.body.members.exclude(email="").order_by("last_name"):
        message = EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [person.email])
        message.attach("einladung.ics", ics, "text/calendar")
        messages.append(message)
    return _send(messages)


def _invitation_text(meeting: Meeting, url: str) -> str:
    start = timezone.localtime(meeting.starts_at)
    lines = [
        _("Sie sind zur Sitzung „%(title)s“ eingeladen.") % {"title": meeting.title},
        _("Zeit: %(day)s, %(time)s Uhr")
        % {
            "day": start.strftime("%d.%m.%Y"),
            "time": start.strftime("%H:%M"),
        },
        _("Ort: %(place)s") % {"place": meeting.place or meeting.video_url},
        "",
        _("Tagesordnung:"),
        *(f"TOP {i.position}: {i.title}" for i in meeting.agenda_items.all()),
    ]
    if url:
        lines += ["", url]
    return "\n".join(lines)


@transaction.atomic
def record_attendance(
    meeting: Meeting, statuses: dict[Person, AttendanceStatus], by
) -> list[Attendance]:
    """Record who attended (present, excused, guest); a guest need not belong to the body.

    Replaces earlier entries of the same people; others stay as they are."""
    members = set(meeting.body.members.values_list("pk", flat=True))
    for person, status in statuses.items():
        if status != AttendanceStatus.GUEST and person.pk not in members:
            raise ValidationError(
                _("%(person)s gehört nicht zum Gremium; bitte als Gast erfassen.")
                % {"person": person}
            )
    Attendance.objects.filter(meeting=meeting, person__in=list(statuses)).delete()
    return Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=person, status=status)
        for person, status in statuses.items()
    )


@transaction.atomic
def record_resolution(
    meeting: Meeting, number: str, text: str, agenda_item: AgendaItem | None = None
) -> Resolution:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Der Tagesordnungspunkt gehört zu einer anderen Sitzung."))
    return Resolution.objects.create(
        meeting=meeting, number=number, text=text, agenda_item=agenda_item
    )


@transaction.atomic
def issue_calendar_token(person: Person, *, renew: bool = False) -> CalendarToken:
    """The person's calendar feed token; ``renew`` replaces it (the old URL stops working)."""
    token = CalendarToken.objects.select_for_update().filter(person=person).first()
    if token is None:
        return CalendarToken.objects.create(person=person, token=secrets.token_urlsafe(32))
    if renew:
        token.token = secrets.token_urlsafe(32)
        token.save(update_fields=["token"])
    return token
