"""The minutes of a meeting and its invitation with the agenda.

The public version holds only public agenda items and only minutes that were approved
(freigegeben or veröffentlicht), and names no person. The internal version holds every item,
draft minutes and the attendance list; it is marked as containing non-public content and so
can never be published (``services.publish_report``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.meetings.models import Meeting, Minutes, MinutesStatus
from wohnbuendnis.reports.builders.common import Options, Progress, ReportInputError, data_state
from wohnbuendnis.reports.document import Document

RELEASED = (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED)


def _meeting(options: Options) -> Meeting:
    if options.meeting_id is None:
        raise ReportInputError(_("Bitte eine Sitzung angeben (--meeting ID)."))
    meeting = (
        Meeting.objects.select_related("body__alliance")
        .filter(pk=options.meeting_id, body__alliance=options.alliance)
        .first()
    )
    if meeting is None:
        raise ReportInputError(
            _("Sitzung %(id)s gibt es in diesem Bündnis nicht.") % {"id": options.meeting_id}
        )
    return meeting


def _when(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{start:%d.%m.%Y}, {start:%H:%M}–{end:%H:%M} " + _("Uhr")


def _items(meeting: Meeting, public: bool):
    items = meeting.agenda_items.select_related("responsible").order_by("position")
    return items.filter(public=True) if public else items


def _head(document: Document, meeting: Meeting) -> None:
    document.table(
        _("Sitzung"),
        [_("Merkmal"), _("Angabe")],
        [
            [_("Gremium"), meeting.body.name],
            [_("Termin"), _when(meeting)],
            [_("Ort"), meeting.place or "–"],
        ],
    )


def build_invitation(options: Options, progress: Progress) -> Document:
    meeting = _meeting(options)
    document = Document(
        title=_("Einladung"),
        alliance=options.alliance.name,
        subtitle=f"{meeting.title} – {meeting.body.name}",
        data_state=data_state(options.alliance),
    )
    progress(30, _("Tagesordnung"))
    document.heading(meeting.title)
    _head(document, meeting)
    if not options.public and meeting.video_url:
        document.paragraph(_("Videokonferenz: %(url)s") % {"url": meeting.video_url})
    document.heading(_("Tagesordnung"), 2)
    items = list(_items(meeting, options.public))
    header = [_("TOP"), _("Titel"), _("Dauer (Minuten)")]
    if not options.public:
        header += [_("öffentlich"), _("verantwortlich")]
    rows = []
    for item in items:
        row = [str(item.position), item.title, str(item.duration_minutes)]
        if not options.public:
            row += [_("ja") if item.public else _("nein"), str(item.responsible or "–")]
        rows.append(row)
    document.table(_("Tagesordnung"), header, rows)
    for item in items:
        if item.description:
            document.heading(f"TOP {item.position}: {item.title}", 3)
            document.paragraph(item.description)
    # internal: every item and the responsible persons' names are in it
    document.contains_non_public = not options.public
    return document


def build_minutes(options: Options, progress: Progress) -> Document:
    meeting = _meeting(options)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("minute_taker").first()
    if minutes is None:
        raise ReportInputError(_("Zu dieser Sitzung gibt es noch kein Protokoll."))
    released = minutes.status in RELEASED
    if options.public and not released:
        raise ReportInputError(
            _(
                "Das Protokoll ist noch nicht freigegeben (Status: %(s)s); öffentlich gibt es "
                "nur freigegebene Protokolle."
            )
            % {"s": minutes.get_status_display()}
        )
    document = Document(
        title=_("Protokoll"),
        alliance=options.alliance.name,
        subtitle=f"{meeting.title} – {meeting.body.name}",
        data_state=data_state(options.alliance),
    )
    progress(30, _("Protokoll"))
    document.heading(meeting.title)
    _head(document, meeting)
    status = minutes.get_status_display()
    if minutes.approved_at:
        day = timezone.localtime(minutes.approved_at).strftime("%d.%m.%Y")
        status += " " + _("am %(d)s") % {"d": day}
    document.paragraph(_("Status des Protokolls: %(s)s") % {"s": status})
    if options.public:
        document.paragraph(minutes.public_summary)
    else:
        _attendance(document, meeting, minutes)
    texts = {m.agenda_item_id: m for m in minutes.items.all()}
    for item in _items(meeting, options.public):
        document.heading(f"TOP {item.position}: {item.title}", 2)
        entry = texts.get(item.pk)
        if entry is None:
            document.paragraph(_("Keine Eintragung."))
            continue
        for label, text in ((_("Beschlüsse"), entry.decisions), (_("Ergebnisse"), entry.results)):
            if text:
                document.heading(label, 3)
                document.paragraph(text)
        if entry.tasks and not options.public:  # tasks name the persons who do them
            document.heading(_("Aufgaben"), 3)
            document.paragraph(entry.tasks)
    document.contains_non_public = not options.public
    return document


def _attendance(document: Document, meeting: Meeting, minutes: Minutes) -> None:
    document.paragraph(_("Protokoll: %(p)s") % {"p": minutes.minute_taker})
    document.table(
        _("Teilnahme"),
        [_("Person"), _("Teilnahme")],
        [
            [str(a.person), a.get_status_display()]
            for a in meeting.attendances.select_related("person").order_by("person__last_name")
        ],
    )
