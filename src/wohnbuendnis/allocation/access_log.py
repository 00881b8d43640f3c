"""The access log of applicants' data as the housing office and the data-protection officer
read it: who read which file when and why, filtered by file, reader, period and purpose.

It shows the file number of a household, never its content; the log rows are those written by
``accounts.services.record_personal_data_access`` for the households of the alliance.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from wohnbuendnis.accounts.models import AccessLogEntry, User
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models import Household

HOUSEHOLD = "allocation.household"
SHOWN = 500  # rows on one page; the count above the table says how many matched


@dataclass(frozen=True)
class LogRow:
    at: datetime.datetime
    reader: str
    username: str
    action: str
    reference: str
    reason: str


def _household_ids(households: QuerySet[Household]) -> QuerySet:
    return households.annotate(key=Cast("pk", CharField())).values("key")


def entries_for_households(households: QuerySet[Household]) -> QuerySet[AccessLogEntry]:
    """The log rows about these households (all readers), newest first."""
    return AccessLogEntry.objects.filter(
        subject_type=HOUSEHOLD, subject_id__in=_household_ids(households)
    ).select_related("user")


def access_log(
    user: User,
    alliance: Alliance,
    *,
    file: str = "",
    person: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    purpose: str = "",
) -> tuple[int, list[LogRow]]:
    """The matching log rows (count and the newest ``SHOWN``). ``file``: a part of the file
    number or of the data subject's name; ``person``: a part of the reader's user name or
    name; ``since``/``until``: local days, inclusive; ``purpose``: a part of the reason."""
    if not user.has_perm("allocation.view_access_log", alliance):
        raise PermissionDenied
    households = Household.objects.filter(alliance=alliance)
    if file.strip():
        term = file.strip()
        households = households.filter(Q(reference__icontains=term) | Q(name__icontains=term))
    rows = entries_for_households(households)
    if person.strip():
        term = person.strip()
        rows = rows.filter(
            Q(username__icontains=term)
            | Q(user__first_name__icontains=term)
            | Q(user__last_name__icontains=term)
        )
    if since is not None:
        rows = rows.filter(at__date__gte=since)
    if until is not None:
        rows = rows.filter(at__date__lte=until)
    if purpose.strip():
        rows = rows.filter(reason__icontains=purpose.strip())
    count = rows.count()
    found = list(rows.order_by("-at", "-pk")[:SHOWN])
    references = dict(
        Household.objects.filter(pk__in={int(r.subject_id) for r in found}).values_list(
            "pk", "reference"
        )
    )
    return count, [
        LogRow(
            at=r.at,
            reader=reader_name(r),
            username=r.username,
            action=r.get_action_display(),
            reference=references.get(int(r.subject_id), "–"),
            reason=r.reason,
        )
        for r in found
    ]


def reader_name(row: AccessLogEntry) -> str:
    """The reader's name (the account's name, else its user name, kept in the row)."""
    if row.user is not None and row.user.get_full_name():
        return row.user.get_full_name()
    return row.username
