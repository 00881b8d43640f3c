"""Minutes: drafting, circulation to the attendees, amendments and the replies to them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.meetings.models import (
    Amendment,
    AmendmentStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesField,
    MinutesItem,
    MinutesItemRevision,
    MinutesStatus,
)
from wohnbuendnis.meetings.services.shared import ATTENDING, _send

OPEN_FOR_COMMENTS = (MinutesStatus.CIRCULATED, MinutesStatus.COMMENTED)


def _lock(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


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
        change_status(meeting, MeetingStatus.HELD, by, save=False)
        meeting.save(update_fields=["status"])
    minutes = Minutes.objects.create(meeting=meeting, minute_taker=minute_taker)
    record_status(minutes, by, new=True)
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
    note = in_site_language(gettext_noop("Frist: %(day)s"), day=deadline.strftime("%d.%m.%Y"))
    change_status(minutes, MinutesStatus.CIRCULATED, by, note, save=False)
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
        change_status(minutes, MinutesStatus.COMMENTED, by, save=False)
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
