"""One cost-coverage case as the job centre, the social welfare office, the agency or the
housing office reads it: the request, the flat, the landlord's deadline. Logged per read."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from wohnbuendnis.accounts.models import AccessAction, User
from wohnbuendnis.accounts.services import record_personal_data_access
from wohnbuendnis.allocation.models import CostCoverageCase


def read_case(user: User, case: CostCoverageCase) -> dict[str, Any]:
    """The case with what the office needs to decide: who asks (name, file number, household
    size), for which flat (rent, rooms, area, landlord) and by when (its own deadline and the
    landlord's). No income, no criteria, no nationality, no points. One access-log row."""
    if not user.has_perm("allocation.view_cost_coverage_case", case):
        raise PermissionDenied
    record_personal_data_access(
        user, AccessAction.VIEW, case.household, gettext_lazy("Antrag auf Kostenübernahme prüfen")
    )
    household = case.household
    flat = case.vacancy.flat if case.vacancy_id else None
    return {
        "case": case,
        "reference": household.reference,
        "name": household.name,
        "persons": household.persons,
        "children": household.children,
        "flat": flat,
        "landlord": flat.landlord.name if flat else "",
        "history": list(case.history.select_related("by").order_by("at", "pk")),
    }
