"""Who may see and manage the API tokens of an alliance: Koordination only.

Reading the API needs no rule (it serves only what the public pages show); writing needs a
token with the scope (checked in ``api.auth``), not a person's role."""

import rules

from wohnbuendnis.alliance.rules import is_coordination

rules.add_perm("api.manage_tokens", is_coordination)
