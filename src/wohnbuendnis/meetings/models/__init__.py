"""Meetings of an alliance's bodies: agenda, attendance, minutes and their approval, resolutions.

One module per aggregate: ``meetings`` (meetings, their status history, attendance, invitees'
answers, calendar tokens), ``agenda`` (agenda items and their documents), ``minutes`` (the body's
approval rule, minutes, their items, revisions and amendments), ``resolutions`` (resolutions and the
tasks they give), ``reminders`` (reminders sent), ``press_releases``. This package re-exports every
model, choice and constant, so callers keep importing from ``wohnbuendnis.meetings.models``.
"""

from wohnbuendnis.meetings.models.agenda import AgendaDocument, AgendaItem, _document_path
from wohnbuendnis.meetings.models.meetings import (
    Attendance,
    AttendanceStatus,
    CalendarToken,
    InvitationAnswer,
    InvitationReply,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
)
from wohnbuendnis.meetings.models.minutes import (
    Amendment,
    AmendmentStatus,
    ApprovalMode,
    BodyMinutesPolicy,
    Minutes,
    MinutesField,
    MinutesItem,
    MinutesItemRevision,
    MinutesStatus,
    MinutesStatusChange,
)
from wohnbuendnis.meetings.models.press_releases import (
    PressRelease,
    PressReleaseApproval,
    PressReleaseDecision,
    PressReleaseStatus,
    PressReleaseStatusChange,
    PressReleaseVersion,
)
from wohnbuendnis.meetings.models.reminders import Reminder, ReminderKind
from wohnbuendnis.meetings.models.resolutions import (
    TASK_FINISHED,
    Resolution,
    Task,
    TaskStatus,
    TaskStatusChange,
)

__all__ = [
    "TASK_FINISHED",
    "AgendaDocument",
    "AgendaItem",
    "Amendment",
    "AmendmentStatus",
    "ApprovalMode",
    "Attendance",
    "AttendanceStatus",
    "BodyMinutesPolicy",
    "CalendarToken",
    "InvitationAnswer",
    "InvitationReply",
    "Meeting",
    "MeetingStatus",
    "MeetingStatusChange",
    "Minutes",
    "MinutesField",
    "MinutesItem",
    "MinutesItemRevision",
    "MinutesStatus",
    "MinutesStatusChange",
    "PressRelease",
    "PressReleaseApproval",
    "PressReleaseDecision",
    "PressReleaseStatus",
    "PressReleaseStatusChange",
    "PressReleaseVersion",
    "Reminder",
    "ReminderKind",
    "Resolution",
    "Task",
    "TaskStatus",
    "TaskStatusChange",
    "_document_path",  # migration 0005 names the upload path by this module
]
