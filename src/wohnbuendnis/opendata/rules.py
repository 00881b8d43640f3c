"""Who may read the open data (matrix: docs/roles-and-permissions.md): everyone, without a
login. What is in it is public by construction (see ``queries``)."""

import rules

rules.add_perm("opendata.view_open_data", rules.always_allow)
