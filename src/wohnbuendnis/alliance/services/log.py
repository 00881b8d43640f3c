"""The audit trail every alliance service writes (``AllianceChange``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wohnbuendnis.alliance.models import Alliance, AllianceChange, ChangeAction
from wohnbuendnis.lib.site_language import site_language


def record_change(
    alliance: Alliance | None, by: Any, action: ChangeAction, subject: object, note: str = ""
) -> AllianceChange:
    """Append one row; ``by`` is the user who acted (None for the command line and the demo)."""
    user = by if getattr(by, "is_authenticated", False) else None
    with site_language():  # a membership names its role's label
        shown = str(subject)[:300]
    return AllianceChange.objects.create(
        alliance=alliance, by=user, action=action, subject=shown, note=note
    )


def differences(before: Mapping[str, object], after: Mapping[str, object]) -> str:
    """ "field: old → new" for every field whose value changed, one per line."""
    return "\n".join(
        f"{field}: {before[field] or '–'} → {after[field] or '–'}"
        for field in after
        if before.get(field) != after[field]
    )
