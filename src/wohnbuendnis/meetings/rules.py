"""Who may do what with meetings and minutes (matrix: docs/roles-and-permissions.md).

Objects are an ``Alliance`` (lists), a ``Meeting`` or ``Minutes``; all carry ``alliance``.
"""

from __future__ import annotations

import rules

from wohnbuendnis.alliance.models import Alliance, Body, BodyKind, Membership, Person
from wohnbuendnis.alliance.rules import is_coordination, is_member
from wohnbuendnis.meetings.models import (
    AgendaDocument,
    AttendanceStatus,
    Meeting,
    Minutes,
    MinutesStatus,
    PressRelease,
    PressReleaseStatus,
    Resolution,
    Task,
)


def _person(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if "_wb_person" not in user.__dict__:
        user.__dict__["_wb_person"] = Person.objects.filter(user=user).first()
    return user.__dict__["_wb_person"]


def _meeting(obj) -> Meeting | None:
    if isinstance(obj, Meeting):
        return obj
    if isinstance(obj, (Minutes, Resolution, Task, AgendaDocument)):
        return obj.meeting
    return None


def _body(obj) -> Body | None:
    if isinstance(obj, Body):
        return obj
    meeting = _meeting(obj)
    return meeting.body if meeting else None


@rules.predicate
def is_body_member(user, obj=None) -> bool:
    body, person = _body(obj), _person(user)
    if body is None or person is None:
        return False
    return body.members.filter(pk=person.pk).exists() or body.chairs.filter(pk=person.pk).exists()


@rules.predicate
def is_chair(user, obj=None) -> bool:
    body, person = _body(obj), _person(user)
    return body is not None and person is not None and body.chairs.filter(pk=person.pk).exists()


@rules.predicate
def is_attendee(user, obj=None) -> bool:
    meeting, person = _meeting(obj), _person(user)
    if meeting is None or person is None:
        return False
    attending = (AttendanceStatus.PRESENT, AttendanceStatus.GUEST)
    return meeting.attendances.filter(person=person, status__in=attending).exists()


@rules.predicate
def is_minute_taker(user, obj=None) -> bool:
    person = _person(user)
    return isinstance(obj, Minutes) and person is not None and obj.minute_taker_id == person.pk


@rules.predicate
def is_circulated(user, obj=None) -> bool:
    return isinstance(obj, Minutes) and obj.status != MinutesStatus.DRAFTED


@rules.predicate
def is_open_for_comments(user, obj=None) -> bool:
    """Circulated minutes that take amendments (as ``services.OPEN_FOR_COMMENTS``)."""
    return isinstance(obj, Minutes) and obj.status in (
        MinutesStatus.CIRCULATED,
        MinutesStatus.COMMENTED,
    )


@rules.predicate
def is_task_owner(user, obj=None) -> bool:
    person = _person(user)
    return isinstance(obj, Task) and person is not None and obj.owner_id == person.pk


@rules.predicate
def is_in_steering_group(user, obj=None) -> bool:
    """Member or chair of a steering group of the alliance (``obj`` is the Alliance)."""
    person = _person(user)
    if not isinstance(obj, Alliance) or person is None:
        return False
    groups = obj.bodies.filter(kind=BodyKind.STEERING_GROUP)
    return groups.filter(members=person).exists() or groups.filter(chairs=person).exists()


@rules.predicate
def is_published_public_document(user, obj=None) -> bool:
    """A document of a public agenda item whose minutes are published."""
    if not isinstance(obj, AgendaDocument) or not obj.agenda_item.public:
        return False
    return Minutes.objects.filter(
        meeting_id=obj.agenda_item.meeting_id, status=MinutesStatus.PUBLISHED
    ).exists()


@rules.predicate
def is_named_partner(user, obj=None) -> bool:
    """Holds a role in the alliance today for an organisation named to approve the release."""
    if not isinstance(obj, PressRelease) or not getattr(user, "is_authenticated", False):
        return False
    key = f"_wb_partner_{obj.pk}"
    if key not in user.__dict__:
        user.__dict__[key] = (
            Membership.objects.active()
            .filter(alliance_id=obj.alliance_id, person__user=user)
            .filter(organisation__in=obj.approvers.all())
            .exists()
        )
    return user.__dict__[key]


@rules.predicate
def is_in_approval(user, obj=None) -> bool:
    return isinstance(obj, PressRelease) and obj.status == PressReleaseStatus.IN_APPROVAL


@rules.predicate
def is_published_release(user, obj=None) -> bool:
    return isinstance(obj, PressRelease) and obj.published


can_manage = is_coordination | (is_member & is_chair)

rules.add_perm("meetings.view_meetings", is_member)
rules.add_perm("meetings.schedule_meeting", is_coordination)
rules.add_perm("meetings.view_meeting", can_manage | (is_member & is_body_member))
rules.add_perm("meetings.manage_meeting", can_manage)
# The invitees (the body's members) answer their invitation themselves.
rules.add_perm("meetings.answer_invitation", is_member & is_body_member)
rules.add_perm(
    "meetings.download_document",
    can_manage | (is_member & is_body_member) | is_published_public_document,
)
can_view_minutes = can_manage | (is_member & (is_minute_taker | (is_body_member & is_circulated)))
rules.add_perm("meetings.view_minutes", can_view_minutes)
rules.add_perm("meetings.edit_minutes", can_manage | (is_member & is_minute_taker))
# The amendment page shows the item's full text: only who may read these minutes, only while
# they are open for comments (never a draft, never approved minutes), and only attendees.
rules.add_perm(
    "meetings.comment_minutes",
    is_open_for_comments & can_view_minutes & (is_coordination | (is_member & is_attendee)),
)
rules.add_perm("meetings.approve_minutes", can_manage)
# obj: the Body whose minutes rule is set (its chair, or the Koordination).
rules.add_perm("meetings.set_approval_mode", can_manage)
rules.add_perm("meetings.publish_minutes", can_manage)
rules.add_perm("meetings.view_published_summary", rules.always_allow)
rules.add_perm("meetings.manage_press_releases", is_coordination)
# obj: a PressRelease. The partners named to approve it read the draft while it awaits them.
rules.add_perm(
    "meetings.view_press_release",
    is_published_release | is_coordination | (is_in_approval & is_named_partner),
)
rules.add_perm("meetings.approve_press_release", is_in_approval & is_named_partner)
rules.add_perm("meetings.view_own_tasks", is_member)
rules.add_perm("meetings.change_task", can_manage | (is_member & is_task_owner))
rules.add_perm(
    "meetings.view_overdue_tasks",
    is_coordination | (is_member & is_in_steering_group),
)
