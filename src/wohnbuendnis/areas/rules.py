"""Areas are public reference data: anyone may read them; changes go through the admin."""

import rules

rules.add_perm("areas.view_area", rules.always_allow)
