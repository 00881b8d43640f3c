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
    AgendaDocument,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    InvitationAnswer,
    InvitationReply,
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
    url: str = "",
) -> AgendaItem:
    """Append an item to the agenda; after the invitation the invitees get the update."""
    meeting = _agenda_open(meeting)
    position = meeting.agenda_items.count() + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=title,
        duration_minutes=duration_minutes,
        responsible=responsible,
        public=public,
        description=description,
    )
    _agenda_changed(meeting, by, _("TOP %(position)s ergänzt") % {"position": position}, url)
    return item


def is_open_for_changes(meeting: Meeting) -> bool:
    """Planned or invited and without minutes: it may still be moved, cancelled or edited."""
    return (
        meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED)
        and not Minutes.objects.filter(meeting=meeting).exists()
    )


def _agenda_open(meeting: Meeting) -> Meeting:
    """The meeting, locked, if its agenda may still change (before minutes, not cancelled)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("Die Tagesordnung ist abgeschlossen: Es gibt bereits ein Protokoll.")
        )
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        raise ValidationError(
            _("Die Tagesordnung einer abgesagten oder vergangenen Sitzung bleibt, wie sie ist.")
        )
    return meeting


def _agenda_changed(meeting: Meeting, by, note: str, url: str) -> int:
    """After the invitation: a history note and the updated invitation to every invitee."""
    if meeting.invitations_sent_at is None:
        return 0
    record_status(meeting, by, _("Tagesordnung geändert: %(note)s") % {"note": note})
    return _send_revision(meeting, url, cancelled=False)


@transaction.atomic
def update_agenda_item(
    item: AgendaItem,
    by,
    *,
    title: str,
    duration_minutes: int = 15,
    responsible: Person | None = None,
    public: bool = True,
    description: str = "",
    url: str = "",
) -> AgendaItem:
    """Change an item's title, duration, responsible person, public flag or explanation."""
    meeting = _agenda_open(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    changed = (item.title, item.duration_minutes, item.responsible_id, item.public) != (
        title,
        duration_minutes,
        responsible.pk if responsible else None,
        public,
    ) or item.description != description
    if not changed:
        raise ValidationError(_("Es wurde nichts geändert."))
    item.title, item.duration_minutes, item.responsible = title, duration_minutes, responsible
    item.public, item.description = public, description
    item.save()
    _agenda_changed(meeting, by, _("TOP %(position)s geändert") % {"position": item.position}, url)
    return item


@transaction.atomic
def move_agenda_item(item: AgendaItem, by, *, up: bool, url: str = "") -> AgendaItem:
    """Swap an item with the one above (``up``) or below it."""
    meeting = _agenda_open(item.meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("Der Tagesordnungspunkt gehört zu einer anderen Sitzung."))
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        raise ValidationError(
            _("Der erste Punkt steht schon oben.")
            if up
            else _("Der letzte Punkt steht schon unten.")
        )
    item, other = items[index], items[other_index]
    # (meeting, position) is unique: park the item on 0 while the other one moves.
    first, second = item.position, other.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=other.pk).update(position=first)
    AgendaItem.objects.filter(pk=item.pk).update(position=second)
    item.position = second
    note = _("TOP %(old)s „%(title)s“ ist jetzt TOP %(new)s") % {
        "old": first,
        "title": item.title,
        "new": second,
    }
    _agenda_changed(meeting, by, note, url)
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, by, *, url: str = "") -> None:
    """Remove an item without documents or resolutions; the items below move up."""
    meeting = _agenda_open(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if AgendaDocument.objects.filter(agenda_item=item).exists():
        raise ValidationError(
            _(
                "TOP %(position)s hat Unterlagen und wird nicht entfernt. Löschen Sie zuerst "
                "die Unterlagen."
            )
            % {"position": item.position}
        )
    if Resolution.objects.filter(agenda_item=item).exists():
        raise ValidationError(
            _("Zu TOP %(position)s gibt es Beschlüsse; er wird nicht entfernt.")
            % {"position": item.position}
        )
    if meeting.agenda_items.count() == 1 and meeting.invitations_sent_at is not None:
        raise ValidationError(
            _("Eine Einladung braucht eine Tagesordnung: Der letzte Punkt bleibt.")
        )
    position, title = item.position, item.title
    item.delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    note = _("TOP %(position)s „%(title)s“ entfernt") % {"position": position, "title": title}
    _agenda_changed(meeting, by, note, url)


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
        sequence=meeting.sequence,
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
    subject = _("Einladung: %(body)s – %(title)s am %(day)s")
    return _mail_invitees(meeting, subject, _invitation_text(meeting, url), url, "REQUEST")


def _invitees(meeting: Meeting):
    return meeting.body.members.exclude(email="").order_by("last_name")


def _mail_invitees(meeting: Meeting, subject: str, text: str, url: str, method: str) -> int:
    """One mail per invitee with the meeting's event (``method``: REQUEST or CANCEL)."""
    ics = ical.calendar([meeting_event(meeting, url=url)], timezone.now(), method=method)
    subject = subject % {
        "body": meeting.body,
        "title": meeting.title,
        "day": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
    }
    messages = []
    for person in _invitees(meeting):
        message = EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [person.email])
        message.attach("einladung.ics", ics, "text/calendar")
        messages.append(message)
    return _send(messages)


def _send_revision(meeting: Meeting, url: str, *, cancelled: bool, note: str = "") -> int:
    """Raise the SEQUENCE and send the invitees the revised event (caller holds the lock)."""
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    if cancelled:
        subject = _("Abgesagt: %(body)s – %(title)s am %(day)s")
        lines = [_("Die Sitzung „%(title)s“ ist abgesagt.") % {"title": meeting.title}]
        if note:
            lines += ["", note]
        return _mail_invitees(meeting, subject, "\n".join(lines), url, "CANCEL")
    subject = _("Geänderte Einladung: %(body)s – %(title)s am %(day)s")
    text = _("Die Einladung wurde geändert.") + "\n\n" + _invitation_text(meeting, url)
    if note:
        text = note + "\n\n" + text
    return _mail_invitees(meeting, subject, text, url, "REQUEST")


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
    summary = _("Verlegt von %(old)s auf %(new)s, Ort: %(place)s") % {
        "old": old,
        "new": new,
        "place": place or video_url,
    }
    record_status(meeting, by, f"{summary}. {note}".strip() if note else summary)
    if meeting.invitations_sent_at is not None:
        _send_revision(meeting, url, cancelled=False, note=note)
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
        _send_revision(meeting, url, cancelled=True, note=note)
    return meeting


@transaction.atomic
def answer_invitation(
    meeting: Meeting, person: Person, answer: InvitationAnswer
) -> InvitationReply:
    """An invitee answers: attends or is excused. Excused is also recorded as the person's
    attendance (``entschuldigt``); answering "attend" later takes that excuse back."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.INVITED:
        raise ValidationError(_("Auf diese Einladung kann nicht (mehr) geantwortet werden."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("Die Sitzung hat schon begonnen; die Teilnahme erfasst die Leitung.")
        )
    if not meeting.body.members.filter(pk=person.pk).exists():
        raise ValidationError(_("Sie sind zu dieser Sitzung nicht eingeladen."))
    answer = InvitationAnswer(answer)
    reply, _created = InvitationReply.objects.update_or_create(
        meeting=meeting, person=person, defaults={"answer": answer}
    )
    own = Attendance.objects.filter(meeting=meeting, person=person)
    if answer == InvitationAnswer.EXCUSED:
        own.delete()
        Attendance.objects.create(meeting=meeting, person=person, status=AttendanceStatus.EXCUSED)
    else:
        own.filter(status=AttendanceStatus.EXCUSED).delete()
    return reply


def reply_counts(meeting: Meeting) -> dict[str, int]:
    """How many invitees said they attend, are excused, have not answered."""
    answers = dict(
        meeting.replies.values_list("answer")
        .annotate(n=models.Count("id"))
        .values_list("answer", "n")
    )
    invited = meeting.body.members.count()
    attend = answers.get(InvitationAnswer.ATTEND, 0)
    excused = answers.get(InvitationAnswer.EXCUSED, 0)
    return {"attend": attend, "excused": excused, "open": max(invited - attend - excused, 0)}


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
