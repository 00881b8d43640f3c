"""Areas are public reference data: anyone may read them.

Who may upload a city's districts and quarters (``areas.upload_subareas``) depends on roles in
an alliance, so that rule lives in ``alliance/rules.py``."""

import rules

rules.add_perm("areas.view_area", rules.always_allow)
