"""Permissions of the forecast (docs/roles-and-permissions.md).

Koordination and Fachamt upload input data, write assumption sets and start runs; every member
reads assumption sets, results and comments; the public sees runs marked published.
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.rules import has_role, is_member


@rules.predicate
def is_published(user, run=None) -> bool:
    return bool(getattr(run, "published", False))


may_run = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE)
may_read = is_member

rules.add_perm("forecast.run", may_run)  # upload inputs, assumption sets, start and publish runs
rules.add_perm("forecast.view_results", may_read)  # the alliance's runs and assumption sets
rules.add_perm("forecast.comment", may_read)
rules.add_perm("forecast.view_run", may_read | is_published)  # object: a ForecastRun
