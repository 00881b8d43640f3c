"""The agenda of a meeting: add, edit, reorder and remove items until the minutes start.

Every change holds the meeting's row lock (two people editing at once keep distinct
positions); after the invitation it writes a history note and sends the updated invitation.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.lib.history import record_status
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Minutes,
    Resolution,
)
from wohnbuendnis.meetings.services.invitations import send_revision


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
    _agenda_changed(
        meeting,
        by,
        in_site_language(gettext_noop("TOP %(position)s ergänzt"), position=position),
        url,
    )
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
    record_status(
        meeting, by, in_site_language(gettext_noop("Tagesordnung geändert: %(note)s"), note=note)
    )
    return send_revision(meeting, url, cancelled=False)


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
    _agenda_changed(
        meeting,
        by,
        in_site_language(gettext_noop("TOP %(position)s geändert"), position=item.position),
        url,
    )
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
    note = in_site_language(
        gettext_noop("TOP %(old)s „%(title)s“ ist jetzt TOP %(new)s"),
        old=first,
        title=item.title,
        new=second,
    )
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
    note = in_site_language(
        gettext_noop("TOP %(position)s „%(title)s“ entfernt"), position=position, title=title
    )
    _agenda_changed(meeting, by, note, url)
