"""Invitations of a meeting as e-mail with an iCalendar file: the first one, its revisions
(moved, agenda changed: METHOD:REQUEST; cancelled: METHOD:CANCEL; same UID, SEQUENCE raised),
and the invitees' answers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.lib.history import change_status
from wohnbuendnis.meetings import ical
from wohnbuendnis.meetings.models import (
    Attendance,
    AttendanceStatus,
    InvitationAnswer,
    InvitationReply,
    Meeting,
    MeetingStatus,
)
from wohnbuendnis.meetings.services.shared import _send


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


def send_revision(meeting: Meeting, url: str, *, cancelled: bool, note: str = "") -> int:
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
