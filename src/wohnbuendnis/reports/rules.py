"""Permissions of the reports (docs/roles-and-permissions.md).

Koordination and Fachamt generate reports (internal versions included) and see every generated
report; Politik reads the alliance's reports too (they decide on them); only Koordination
publishes; everybody, the public included, reads a published report.

The yearly allocation statistics (``allocation``) are requested and, until published, read
only by those of them who also see the allocation's statistics (``allocation.view_audit``:
Koordination, and members of the bodies named for the audit); the IT administration has no
role and so no such right.
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.rules import alliance_of, has_role

# kinds of report that need a right of the app whose data they show, besides reports.generate
KIND_PERMISSIONS = {"allocation": "allocation.view_audit"}


@rules.predicate
def is_published(user, report=None) -> bool:
    return bool(getattr(report, "published", False))


@rules.predicate
def sees_allocation_statistics(user, obj=None) -> bool:
    alliance = alliance_of(obj)
    return alliance is not None and user.has_perm("allocation.view_audit", alliance)


@rules.predicate
def is_allocation_report(user, report=None) -> bool:
    return getattr(report, "kind", None) == "allocation"


may_generate = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE)
may_read = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE, Role.POLITICS)

rules.add_perm("reports.view_reports", may_read)  # object: the alliance (the reports page)
rules.add_perm("reports.generate", may_generate)  # object: the alliance
rules.add_perm("reports.publish", has_role(Role.COORDINATION))  # object: a Report
rules.add_perm(  # object: the alliance
    "reports.generate_allocation", may_generate & sees_allocation_statistics
)
rules.add_perm(  # object: a Report
    "reports.view_report",
    (may_read & (~is_allocation_report | sees_allocation_statistics)) | is_published,
)
rules.add_perm("reports.view_published", rules.always_allow)  # the public list of an alliance


def may_request(user, alliance, kind: str) -> bool:
    """The user may request a report of ``kind`` for the alliance (the page offers only those)."""
    if not user.has_perm("reports.generate", alliance):
        return False
    return kind not in KIND_PERMISSIONS or user.has_perm(f"reports.generate_{kind}", alliance)
