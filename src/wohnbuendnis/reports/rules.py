"""Permissions of the reports (docs/roles-and-permissions.md).

Koordination and Fachamt generate reports (internal versions included) and see every generated
report; Politik reads the alliance's reports too (they decide on them); only Koordination
publishes; everybody, the public included, reads a published report.
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.rules import has_role


@rules.predicate
def is_published(user, report=None) -> bool:
    return bool(getattr(report, "published", False))


may_generate = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE)
may_read = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE, Role.POLITICS)

rules.add_perm("reports.view_reports", may_read)  # object: the alliance (the reports page)
rules.add_perm("reports.generate", may_generate)  # object: the alliance
rules.add_perm("reports.publish", has_role(Role.COORDINATION))  # object: a Report
rules.add_perm("reports.view_report", may_read | is_published)  # object: a Report
rules.add_perm("reports.view_published", rules.always_allow)  # the public list of an alliance
