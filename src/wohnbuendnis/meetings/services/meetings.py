"""Meetings: scheduling with an agenda, moving and cancelling, attendance, resolutions,
calendar tokens. The agenda is in ``agenda``, the invitation mails in ``invitations``."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Body, Person
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.lib.site_language import in_site_language
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
from wohnbuendnis.meetings.services.agenda import add_agenda_item
from wohnbuendnis.meetings.services.invitations import send_revision


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
    _check_time_and_place(starts_at, ends_at, place, video_url)
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


def _check_time_and_place(starts_at, ends_at, place: str, video_url: str) -> None:
    check_date_near_today(starts_at, _("Das Datum der Sitzung"))
    if ends_at <= starts_at:
        raise ValidationError(_("Das Ende muss nach dem Beginn liegen."))
    if not place and not video_url:
        raise ValidationError(_("Bitte geben Sie einen Ort oder einen Videokonferenz-Link an."))


@transaction.atomic
def move_meeting(
    meeting: Meeting,
    by,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
    note: str = "",
    url: str = "",
) -> Meeting:
    """Change time, place or video link; after the invitation the invitees get the update."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        raise ValidationError(_("Eine abgesagte oder vergangene Sitzung wird nicht verlegt."))
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("Zu dieser Sitzung gibt es ein Protokoll; sie bleibt, wie sie war.")
        )
    _check_time_and_place(starts_at, ends_at, place, video_url)
    before = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_url)
    if before == (starts_at, ends_at, place, video_url):
        raise ValidationError(_("Es wurde nichts geändert."))
    old = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.video_url = place, video_url
    meeting.save(update_fields=["starts_at", "ends_at", "place", "video_url"])
    new = timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M")
    summary = in_site_language(
        gettext_noop("Verlegt von %(old)s auf %(new)s, Ort: %(place)s"),
        old=old,
        new=new,
        place=place or video_url,
    )
    record_status(meeting, by, f"{summary}. {note}".strip() if note else summary)
    if meeting.invitations_sent_at is not None:
        send_revision(meeting, url, cancelled=False, note=note)
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, by, *, note: str, url: str = "") -> Meeting:
    """Cancel with a note; invited people get the cancellation (METHOD:CANCEL, same UID)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        raise ValidationError(_("Diese Sitzung kann nicht mehr abgesagt werden."))
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("Zu dieser Sitzung gibt es ein Protokoll; sie bleibt, wie sie war.")
        )
    note = note.strip()
    if not note:
        raise ValidationError(_("Bitte geben Sie den Eingeladenen einen Grund für die Absage an."))
    change_status(meeting, MeetingStatus.CANCELLED, by, note)
    if meeting.invitations_sent_at is not None:
        send_revision(meeting, url, cancelled=True, note=note)
    return meeting


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
