"""State changes of meetings and minutes; every entry point (view, admin, demo) calls these.

The minutes workflow: drafted → circulated (to the attendees, with a deadline) → commented
(attendees propose amendments on a passage; the minute-taker accepts or rejects each with a
reply) → approved (by the chair or the Koordination, or tacitly after the deadline) →
published (full text for members, a public summary of the public items for everyone).
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance, Body, Person
from wohnbuendnis.meetings import ical
from wohnbuendnis.meetings.models import (
    TASK_FINISHED,
    AgendaDocument,
    AgendaItem,
    Amendment,
    AmendmentStatus,
    ApprovalMode,
    Attendance,
    AttendanceStatus,
    BodyMinutesPolicy,
    CalendarToken,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    Minutes,
    MinutesField,
    MinutesItem,
    MinutesItemRevision,
    MinutesStatus,
    MinutesStatusChange,
    PressRelease,
    Resolution,
    Task,
    TaskStatus,
    TaskStatusChange,
)

OPEN_FOR_COMMENTS = (MinutesStatus.CIRCULATED, MinutesStatus.COMMENTED)
ATTENDING = (AttendanceStatus.PRESENT, AttendanceStatus.GUEST)


# --- meetings -------------------------------------------------------------------------------


def _set_meeting_status(meeting: Meeting, to: MeetingStatus, by, note: str = "") -> None:
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=to, by=by, note=note
    )
    meeting.status = to


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
    MeetingStatusChange.objects.create(meeting=meeting, to_status=meeting.status, by=by)
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


MAX_DOCUMENT_SIZE = 20 * 1024 * 1024  # 20 MB
ZIP_MAGIC = b"PK\x03\x04"
# suffix → (content type, how the file starts)
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP_MAGIC,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_MAGIC),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP_MAGIC),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


@transaction.atomic
def add_document(item: AgendaItem, by, upload) -> AgendaDocument:
    """Attach a file to an agenda item: PDF, DOCX, XLSX, ODT, PNG or JPG up to 20 MB.

    The type is checked by the name's suffix and the file's first bytes, not by what the
    browser claims."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(_("Erlaubt sind nur PDF-, DOCX-, XLSX-, ODT-, PNG- und JPG-Dateien."))
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(_("Die Datei ist größer als 20 MB."))
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    content_type, magic = DOCUMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(_("Der Inhalt der Datei passt nicht zu ihrer Endung."))
    document = AgendaDocument(
        agenda_item=item,
        name=name[-200:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save(name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


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
        sequence=meeting.history.count(),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


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
        _set_meeting_status(meeting, MeetingStatus.INVITED, by)
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


def person_of(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def is_attendee(person: Person | None, meeting: Meeting) -> bool:
    return (
        person is not None
        and meeting.attendances.filter(person=person, status__in=ATTENDING).exists()
    )


# --- minutes --------------------------------------------------------------------------------


def _lock(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


def _set_status(minutes: Minutes, to: MinutesStatus, by, note: str = "") -> None:
    MinutesStatusChange.objects.create(
        minutes=minutes, from_status=minutes.status, to_status=to, by=by, note=note
    )
    minutes.status = to


def _require(minutes: Minutes, *allowed: MinutesStatus) -> None:
    if minutes.status not in allowed:
        raise ValidationError(
            _("Das ist im Status „%(status)s“ nicht möglich.")
            % {"status": minutes.get_status_display()}
        )


@transaction.atomic
def draft_minutes(
    meeting: Meeting, minute_taker: Person, by, texts: dict[int, dict[str, str]] | None = None
) -> Minutes:
    """Start the minutes: one entry per agenda item; ``texts`` maps agenda position → fields."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Für diese Sitzung gibt es bereits ein Protokoll."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Die Sitzung wurde abgesagt."))
    if meeting.status != MeetingStatus.HELD:
        _set_meeting_status(meeting, MeetingStatus.HELD, by)
        meeting.save(update_fields=["status"])
    minutes = Minutes.objects.create(meeting=meeting, minute_taker=minute_taker)
    MinutesStatusChange.objects.create(minutes=minutes, to_status=MinutesStatus.DRAFTED, by=by)
    texts = texts or {}
    for item in meeting.agenda_items.all():
        fields = texts.get(item.position, {})
        MinutesItem.objects.create(minutes=minutes, agenda_item=item, **fields)
    return minutes


@transaction.atomic
def update_minutes_item(item: MinutesItem, by, **fields: str) -> MinutesItem:
    """Edit the draft of one item; circulated minutes change only through amendments."""
    _require(_lock(item.minutes), MinutesStatus.DRAFTED)
    for name, value in fields.items():
        if name not in MinutesField.values:
            raise ValueError(name)
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    return item


@transaction.atomic
def save_minutes_draft(
    minutes: Minutes, by, texts: dict[int, dict[str, str]]
) -> list[MinutesItemRevision]:
    """Save the draft of several items at once (``texts`` maps item id → fields).

    Every changed field keeps its former text as a revision, so that all versions of the
    minutes can be compared later."""
    minutes = _lock(minutes)
    _require(minutes, MinutesStatus.DRAFTED)
    revisions = []
    for item in minutes.items.select_for_update().filter(pk__in=list(texts)):
        changed = []
        for name, value in texts[item.pk].items():
            if name not in MinutesField.values:
                raise ValueError(name)
            old = getattr(item, name)
            if value != old:
                setattr(item, name, value)
                changed.append(name)
                revisions.append(
                    MinutesItemRevision(item=item, field=name, old_text=old, new_text=value)
                )
        if changed:
            item.save(update_fields=changed)
    return MinutesItemRevision.objects.bulk_create(revisions)


@transaction.atomic
def circulate_minutes(
    minutes: Minutes,
    by,
    deadline: datetime.date,
    *,
    notify: bool = True,
    today: datetime.date | None = None,
) -> Minutes:
    """Send the draft to the attendees for comments until ``deadline``."""
    minutes = _lock(minutes)
    _require(minutes, MinutesStatus.DRAFTED)
    if deadline < (today or timezone.localdate()):
        raise ValidationError(_("Die Frist darf nicht in der Vergangenheit liegen."))
    _set_status(
        minutes, MinutesStatus.CIRCULATED, by, _("Frist: %s") % deadline.strftime("%d.%m.%Y")
    )
    minutes.deadline = deadline
    minutes.save(update_fields=["status", "deadline"])
    meeting = minutes.meeting
    subject = _("Protokoll zur Abstimmung: %(title)s") % {"title": meeting.title}
    text = _(
        "Das Protokoll der Sitzung „%(title)s“ liegt zur Abstimmung vor. Änderungsvorschläge "
        "bitte bis zum %(deadline)s."
    ) % {"title": meeting.title, "deadline": deadline.strftime("%d.%m.%Y")}
    if not notify:
        return minutes
    recipients = Person.objects.filter(
        attendances__meeting=meeting, attendances__status__in=ATTENDING
    ).exclude(email="")
    _send(
        [
            EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [p.email])
            for p in recipients.order_by("last_name")
        ]
    )
    return minutes


@transaction.atomic
def propose_amendment(
    item: MinutesItem, by, *, field: str, passage: str, proposal: str, reason: str = ""
) -> Amendment:
    """An attendee proposes to replace ``passage`` of a field by ``proposal``."""
    minutes = _lock(item.minutes)
    _require(minutes, *OPEN_FOR_COMMENTS)
    item.refresh_from_db()
    if field not in MinutesField.values:
        raise ValidationError(_("Unbekannter Abschnitt."))
    if not passage or passage not in getattr(item, field):
        raise ValidationError(_("Die Textstelle kommt in diesem Abschnitt nicht vor."))
    if passage == proposal:
        raise ValidationError(_("Der Vorschlag ändert nichts."))
    amendment = Amendment.objects.create(
        item=item, field=field, passage=passage, proposal=proposal, reason=reason, proposed_by=by
    )
    if minutes.status == MinutesStatus.CIRCULATED:
        _set_status(minutes, MinutesStatus.COMMENTED, by)
        minutes.save(update_fields=["status"])
    return amendment


def _decide(amendment: Amendment, by, status: AmendmentStatus, reply: str) -> Amendment:
    _require(_lock(amendment.item.minutes), *OPEN_FOR_COMMENTS)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.OPEN:
        raise ValidationError(_("Über diesen Vorschlag wurde bereits entschieden."))
    amendment.status = status
    amendment.reply = reply
    amendment.decided_by = by
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "reply", "decided_by", "decided_at"])
    return amendment


@transaction.atomic
def accept_amendment(amendment: Amendment, by, reply: str = "") -> Amendment:
    """Apply the proposal to the text; the old text is kept as a revision."""
    amendment = _decide(amendment, by, AmendmentStatus.ACCEPTED, reply)
    item = MinutesItem.objects.select_for_update().get(pk=amendment.item_id)
    old = getattr(item, amendment.field)
    if amendment.passage not in old:
        raise ValidationError(
            _("Die Textstelle wurde inzwischen geändert; der Vorschlag passt nicht mehr.")
        )
    new = old.replace(amendment.passage, amendment.proposal, 1)
    setattr(item, amendment.field, new)
    item.save(update_fields=[amendment.field])
    MinutesItemRevision.objects.create(
        item=item, field=amendment.field, old_text=old, new_text=new, amendment=amendment
    )
    return amendment


@transaction.atomic
def reject_amendment(amendment: Amendment, by, reply: str) -> Amendment:
    if not reply.strip():
        raise ValidationError(_("Bitte begründen Sie die Ablehnung."))
    return _decide(amendment, by, AmendmentStatus.REJECTED, reply)


def approval_mode(body: Body) -> str:
    """The body's way of approving minutes; explicit unless it decided otherwise."""
    policy = BodyMinutesPolicy.objects.filter(body=body).first()
    return policy.approval_mode if policy else ApprovalMode.EXPLICIT


@transaction.atomic
def set_approval_mode(body: Body, by, mode: str) -> BodyMinutesPolicy:
    """Record how the body approves its minutes (explicitly or tacitly)."""
    if mode not in ApprovalMode.values:
        raise ValidationError(_("Unbekannte Art der Freigabe."))
    policy, _created = BodyMinutesPolicy.objects.select_for_update().get_or_create(body=body)
    policy.approval_mode = mode
    policy.changed_by = by
    policy.save()
    return policy


def _check_approvable(minutes: Minutes) -> None:
    _require(minutes, *OPEN_FOR_COMMENTS)
    if Amendment.objects.filter(item__minutes=minutes, status=AmendmentStatus.OPEN).exists():
        raise ValidationError(_("Erst über alle offenen Änderungsvorschläge entscheiden."))


@transaction.atomic
def approve_minutes(minutes: Minutes, by, note: str = "", *, notify: bool = True) -> Minutes:
    """Explicit approval by the chair or the Koordination; a second approval is refused."""
    minutes = _lock(minutes)
    if minutes.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise ValidationError(_("Das Protokoll ist bereits freigegeben."))
    _check_approvable(minutes)
    _set_status(minutes, MinutesStatus.APPROVED, by, note)
    minutes.approved_by = by
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["status", "approved_by", "approved_at"])
    if notify:
        _notify_approval(minutes)
    return minutes


@transaction.atomic
def approve_tacitly(
    minutes: Minutes, today: datetime.date | None = None, *, notify: bool = True
) -> Minutes:
    """Approval when the deadline has passed without an open objection."""
    minutes = _lock(minutes)
    _check_approvable(minutes)
    if approval_mode(minutes.meeting.body) != ApprovalMode.TACIT:
        raise ValidationError(_("Dieses Gremium gibt seine Protokolle ausdrücklich frei."))
    today = today or timezone.localdate()
    if minutes.deadline is None or today <= minutes.deadline:
        raise ValidationError(_("Die Frist für Rückmeldungen läuft noch."))
    _set_status(minutes, MinutesStatus.APPROVED, None, _("stillschweigend nach Fristablauf"))
    minutes.tacitly_approved = True
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["status", "tacitly_approved", "approved_at"])
    if notify:
        _notify_approval(minutes)
    return minutes


def approve_due_tacitly(today: datetime.date | None = None) -> list[Minutes]:
    """Tacitly approve the minutes of bodies with tacit approval whose deadline has passed
    without an open amendment (run daily by ``send_reminders``)."""
    today = today or timezone.localdate()
    due = (
        Minutes.objects.filter(
            status__in=OPEN_FOR_COMMENTS,
            deadline__lt=today,
            meeting__body__minutes_policy__approval_mode=ApprovalMode.TACIT,
        )
        .exclude(items__amendments__status=AmendmentStatus.OPEN)
        .order_by("pk")
    )
    approved = []
    for minutes in due:
        try:
            approved.append(approve_tacitly(minutes, today))
        except ValidationError:
            continue  # changed meanwhile (approved or amended): nothing to do
    return approved


def _notify_approval(minutes: Minutes) -> None:
    """E-mail the attendees that the minutes are approved, once the transaction commits."""
    meeting = minutes.meeting
    subject = _("Protokoll freigegeben: %(title)s") % {"title": meeting.title}
    if minutes.tacitly_approved:
        how = _(
            "Das Protokoll der Sitzung „%(title)s“ gilt nach Ablauf der Frist ohne Einwand "
            "als freigegeben."
        )
    else:
        how = _("Das Protokoll der Sitzung „%(title)s“ ist freigegeben.")
    text = how % {"title": meeting.title}
    recipients = Person.objects.filter(
        attendances__meeting=meeting, attendances__status__in=ATTENDING
    ).exclude(email="")
    messages = [
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [p.email])
        for p in recipients.order_by("last_name")
    ]
    transaction.on_commit(lambda: _send(messages))


def default_summary(minutes: Minutes) -> str:
    """The results and decisions of the public agenda items, one paragraph each."""
    parts = []
    for item in minutes.items.select_related("agenda_item").filter(agenda_item__public=True):
        text = " ".join(t for t in (item.decisions, item.results) if t)
        if text:
            parts.append(f"{item.agenda_item.title}: {text}")
    return "\n\n".join(parts)


@transaction.atomic
def publish_minutes(minutes: Minutes, by, public_summary: str = "") -> Minutes:
    """Publish approved minutes; without a text the summary is built from the public items."""
    minutes = _lock(minutes)
    _require(minutes, MinutesStatus.APPROVED)
    summary = public_summary.strip() or default_summary(minutes)
    if not summary:
        raise ValidationError(_("Bitte geben Sie eine öffentliche Zusammenfassung an."))
    _set_status(minutes, MinutesStatus.PUBLISHED, by)
    minutes.public_summary = summary
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["status", "public_summary", "published_at"])
    return minutes


# --- tasks from resolutions -----------------------------------------------------------------


@transaction.atomic
def create_task(
    resolution: Resolution, by, *, title: str, owner: Person, due: datetime.date
) -> Task:
    """A resolution gives a person a task with a due date."""
    if not title.strip():
        raise ValidationError(_("Bitte beschreiben Sie die Aufgabe."))
    alliance = resolution.meeting.body.alliance
    if not owner.memberships.filter(alliance=alliance).exists():
        raise ValidationError(_("Die zuständige Person arbeitet nicht in diesem Bündnis mit."))
    task = Task.objects.create(resolution=resolution, title=title, owner=owner, due=due)
    TaskStatusChange.objects.create(task=task, to_status=task.status, by=by)
    return task


@transaction.atomic
def set_task_status(task: Task, by, status: str, note: str = "") -> Task:
    """Change a task's status; owner and manager may race, the lock keeps one history."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if status not in TaskStatus.values:
        raise ValidationError(_("Unbekannter Status."))
    if status == task.status:
        raise ValidationError(_("Die Aufgabe hat diesen Status bereits."))
    TaskStatusChange.objects.create(
        task=task, from_status=task.status, to_status=status, by=by, note=note
    )
    task.status = status
    task.save(update_fields=["status"])
    return task


def open_tasks(alliance) -> models.QuerySet[Task]:
    return (
        Task.objects.filter(resolution__meeting__body__alliance=alliance)
        .exclude(status__in=TASK_FINISHED)
        .select_related("owner", "resolution__meeting__body")
    )


def overdue_tasks(alliance, today: datetime.date | None = None) -> models.QuerySet[Task]:
    """Unfinished tasks whose due date has passed, the oldest first."""
    return open_tasks(alliance).filter(due__lt=today or timezone.localdate())


# --- press releases -------------------------------------------------------------------------


@transaction.atomic
def create_press_release(
    alliance: Alliance, by, *, title: str, text: str, date: datetime.date
) -> PressRelease:
    """A draft press release; nobody outside sees it until it is published."""
    if not title.strip() or not text.strip():
        raise ValidationError(_("Bitte geben Sie Titel und Text an."))
    return PressRelease.objects.create(
        alliance=alliance, title=title.strip(), text=text.strip(), date=date, created_by=by
    )


@transaction.atomic
def publish_press_release(release: PressRelease, by) -> PressRelease:
    """Publish a draft on the alliance's public pages; a second publication is refused."""
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if release.published:
        raise ValidationError(_("Die Pressemitteilung ist bereits veröffentlicht."))
    release.published = True
    release.published_by = by
    release.published_at = timezone.now()
    release.save(update_fields=["published", "published_by", "published_at"])
    return release
