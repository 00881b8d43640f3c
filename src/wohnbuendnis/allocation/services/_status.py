"""Shared helpers of the allocation services: change a status and append its history row."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.allocation.models import (
    CostCoverageStatusChange,
    Household,
    HouseholdStatusChange,
    NominationStatusChange,
    VacancyStatusChange,
)

_OWNER = {
    HouseholdStatusChange: "household",
    CostCoverageStatusChange: "case",
    VacancyStatusChange: "vacancy",
    NominationStatusChange: "nomination",
}


def _set_status(obj, history, to: str, user: User | None, note: str = "", **fields: Any) -> None:
    """Change ``obj.status`` and append the history row (``history``: the history model)."""
    before = obj.status
    obj.status = to
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", *fields])
    history.objects.create(
        **{_OWNER[history]: obj}, by=user, from_status=before, to_status=to, note=note[:300]
    )


def _household_status(household: Household, to: str, user: User | None, note: str = "") -> None:
    _set_status(household, HouseholdStatusChange, to, user, note, status_changed_at=timezone.now())
