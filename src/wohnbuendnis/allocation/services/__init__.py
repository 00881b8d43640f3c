"""State changes of the cooperative allocation; every entry point (view, command, demo) calls these.

Each function runs in one transaction and writes a history row for every status it changes.
Lock order, to avoid deadlocks between clerks and landlords acting at once:
vacancy → nomination → household → cost-coverage case.

One module per aggregate; this package re-exports their public functions, so entry points call
``services.<function>`` as in the other apps:

- ``settings``: the alliance's allocation settings
- ``register``: priority-list versions, applicant register, consent, check, manual status
- ``register_import``: importing an existing register (preview, all-or-nothing import)
- ``reminders``: reminders before the housing entitlement expires
- ``cost_coverage``: cost-coverage cases with the benefit agencies
- ``nominations``: vacancies and the naming of households (one vacancy or a batch)
- ``landlord_decisions``: the landlord's decision on a nomination, expiry of overdue ones
- ``retention``: anonymising closed cases
- ``places``: the allocation's figures per district for the monitoring
- ``_status``: the shared status-and-history helpers
"""

from __future__ import annotations

from wohnbuendnis.allocation.services.cost_coverage import (
    decide_cost_coverage,
    expire_cost_coverage,
    request_cost_coverage,
    request_cost_coverage_exception,
)
from wohnbuendnis.allocation.services.landlord_decisions import (
    expire_overdue_nominations,
    record_landlord_decision,
)
from wohnbuendnis.allocation.services.nominations import (
    BATCH_MECHANISMS,
    nominate_batch,
    nominate_candidates,
    report_vacancy,
)
from wohnbuendnis.allocation.services.places import publish_indicators
from wohnbuendnis.allocation.services.register import (
    MANUAL_STATUSES,
    create_scheme_version,
    recompute_points,
    record_consent,
    register_household,
    set_household_status,
    verify_household,
    withdraw_consent,
)
from wohnbuendnis.allocation.services.register_import import (
    discard_register_upload,
    import_register,
    import_register_upload,
    preview_register,
    store_register_upload,
    stored_register_upload,
)
from wohnbuendnis.allocation.services.reminders import (
    OPEN_STATUSES,
    REMINDER_DAYS,
    expiring_entitlements,
    send_entitlement_reminders,
)
from wohnbuendnis.allocation.services.retention import apply_retention
from wohnbuendnis.allocation.services.settings import (
    DECISION_DAYS,
    RETENTION_MONTHS,
    settings_of,
    update_allocation_settings,
)

__all__ = [
    "BATCH_MECHANISMS",
    "DECISION_DAYS",
    "MANUAL_STATUSES",
    "OPEN_STATUSES",
    "REMINDER_DAYS",
    "RETENTION_MONTHS",
    "apply_retention",
    "create_scheme_version",
    "decide_cost_coverage",
    "discard_register_upload",
    "expire_cost_coverage",
    "expire_overdue_nominations",
    "expiring_entitlements",
    "import_register",
    "import_register_upload",
    "nominate_batch",
    "nominate_candidates",
    "preview_register",
    "publish_indicators",
    "recompute_points",
    "record_consent",
    "record_landlord_decision",
    "register_household",
    "report_vacancy",
    "request_cost_coverage",
    "request_cost_coverage_exception",
    "send_entitlement_reminders",
    "set_household_status",
    "settings_of",
    "store_register_upload",
    "stored_register_upload",
    "update_allocation_settings",
    "verify_household",
    "withdraw_consent",
]
