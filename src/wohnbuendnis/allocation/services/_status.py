"""The allocation's one status rule beyond the common helper: a household's status change also
stamps when it changed (the register's waiting and reservation times count from it)."""

from __future__ import annotations

from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.allocation.models import Household
from wohnbuendnis.lib.history import change_status


def _household_status(household: Household, to: str, user: User | None, note: str = "") -> None:
    change_status(household, to, user, note, status_changed_at=timezone.now())
