"""Monitoring permissions (docs/roles-and-permissions.md).

Koordination and Fachamt import data and edit the catalogue, thresholds and values; every
member of the alliance reads the dashboards, maps and the small-area index; the public reads
the alliance's public barometer (only indicators marked public).
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.rules import has_role, is_member

can_maintain = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE)

rules.add_perm("monitoring.view_public_barometer", rules.always_allow)
rules.add_perm("monitoring.view_dashboard", is_member)
rules.add_perm("monitoring.download", is_member)
rules.add_perm("monitoring.import_data", can_maintain)
rules.add_perm("monitoring.correct_observation", can_maintain)
rules.add_perm("monitoring.edit_catalogue", can_maintain)
rules.add_perm("monitoring.set_threshold", can_maintain)
rules.add_perm("monitoring.set_index_settings", can_maintain)
