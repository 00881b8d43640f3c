"""State changes of meetings and minutes; every entry point (view, admin, demo) calls these.

The minutes workflow: drafted → circulated (to the attendees, with a deadline) → commented
(attendees propose amendments on a passage; the minute-taker accepts or rejects each with a
reply) → approved (by the chair or the Koordination, or tacitly after the deadline) →
published (full text for members, a public summary of the public items for everyone).

One module per aggregate: ``meetings`` (scheduling, moving, cancelling, attendance, resolutions,
calendar token), ``agenda`` (its items and their changes), ``invitations`` (invitation mails and
their revisions, invitees' answers), ``documents`` (files of agenda items), ``minutes`` (drafting,
circulation, amendments), ``approval`` (approval and publication), ``tasks``, ``press_releases``,
``reminders`` (deadline e-mails, each once); ``shared`` holds the helpers they share. This package
re-exports their public functions, so callers keep writing ``services.approve_minutes(...)``; a test
that patches a helper patches it in the module that defines it.
"""

from wohnbuendnis.meetings.services.agenda import (
    add_agenda_item,
    is_open_for_changes,
    move_agenda_item,
    remove_agenda_item,
    update_agenda_item,
)
from wohnbuendnis.meetings.services.approval import (
    approval_mode,
    approve_due_tacitly,
    approve_minutes,
    approve_tacitly,
    default_summary,
    publish_minutes,
    set_approval_mode,
)
from wohnbuendnis.meetings.services.documents import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_SIZE,
    add_document,
    delete_document,
)
from wohnbuendnis.meetings.services.invitations import (
    answer_invitation,
    meeting_event,
    reply_counts,
    send_invitations,
)
from wohnbuendnis.meetings.services.meetings import (
    cancel_meeting,
    issue_calendar_token,
    move_meeting,
    record_attendance,
    record_resolution,
    schedule_meeting,
)
from wohnbuendnis.meetings.services.minutes import (
    OPEN_FOR_COMMENTS,
    accept_amendment,
    circulate_minutes,
    draft_minutes,
    propose_amendment,
    reject_amendment,
    save_minutes_draft,
    update_minutes_item,
)
from wohnbuendnis.meetings.services.press_releases import (
    create_press_release,
    current_decisions,
    decide_press_release,
    edit_press_release,
    missing_approvals,
    organisations_of,
    publish_press_release,
    send_press_release_for_approval,
)
from wohnbuendnis.meetings.services.reminders import send_reminders
from wohnbuendnis.meetings.services.shared import ATTENDING, is_attendee, person_of
from wohnbuendnis.meetings.services.tasks import (
    create_task,
    open_tasks,
    overdue_tasks,
    set_task_status,
)

__all__ = [
    "ATTENDING",
    "DOCUMENT_TYPES",
    "MAX_DOCUMENT_SIZE",
    "OPEN_FOR_COMMENTS",
    "accept_amendment",
    "add_agenda_item",
    "add_document",
    "answer_invitation",
    "approval_mode",
    "approve_due_tacitly",
    "approve_minutes",
    "approve_tacitly",
    "cancel_meeting",
    "circulate_minutes",
    "create_press_release",
    "create_task",
    "current_decisions",
    "decide_press_release",
    "default_summary",
    "delete_document",
    "draft_minutes",
    "edit_press_release",
    "is_attendee",
    "is_open_for_changes",
    "issue_calendar_token",
    "meeting_event",
    "missing_approvals",
    "move_agenda_item",
    "move_meeting",
    "open_tasks",
    "organisations_of",
    "overdue_tasks",
    "person_of",
    "propose_amendment",
    "publish_minutes",
    "publish_press_release",
    "record_attendance",
    "record_resolution",
    "reject_amendment",
    "remove_agenda_item",
    "reply_counts",
    "save_minutes_draft",
    "schedule_meeting",
    "send_invitations",
    "send_press_release_for_approval",
    "send_reminders",
    "set_approval_mode",
    "set_task_status",
    "update_agenda_item",
    "update_minutes_item",
]
