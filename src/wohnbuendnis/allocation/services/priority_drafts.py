"""Drafts of the priority list: saved from the forms (or an uploaded TOML), their effect on
the current register before adoption, and the adoption with the alliance's decision, which
makes the draft the valid version (``create_scheme_version``; the versions are the history)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.engine import Band, RankChange, bands, format_scheme, rank_changes
from wohnbuendnis.allocation.models import (
    CLOSED_STATUSES,
    Household,
    PriorityScheme,
    PrioritySchemeDraft,
)
from wohnbuendnis.allocation.services.register import create_scheme_version


@transaction.atomic
def save_scheme_draft(
    alliance: Alliance, user: User, toml: str, note: str = ""
) -> PrioritySchemeDraft:
    """Store a draft (validated by the engine's parser; stored as the generated TOML, so that
    an uploaded file and the forms give the same text for the same rules)."""
    scheme = engine.parse(toml)
    return PrioritySchemeDraft.objects.create(
        alliance=alliance, toml=format_scheme(scheme), based_on=engine.current_scheme(alliance),
        note=note.strip()[:300], created_by=user,
    )  # fmt: skip


@transaction.atomic
def adopt_scheme_draft(
    draft: PrioritySchemeDraft, user: User, *, decided_on: datetime.date, decided_by: str,
    resolution: str = "",
) -> PriorityScheme:  # fmt: skip
    """The alliance has decided: the draft becomes the valid version (once)."""
    locked = PrioritySchemeDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.adopted_as_id is not None:
        raise ValidationError(_("Dieser Entwurf ist schon beschlossen."))
    if not decided_by.strip():
        raise ValidationError({"decided_by": _("Bitte nennen Sie das Gremium.")})
    version = create_scheme_version(
        locked.alliance, user, toml=locked.toml, decided_on=decided_on,
        decided_by=decided_by.strip(), resolution=resolution.strip(),
    )  # fmt: skip
    locked.adopted_as = version
    locked.save(update_fields=["adopted_as"])
    return version


@dataclass(frozen=True)
class Effect:
    """How the draft moves the open cases of the register against the valid version."""

    changes: list[RankChange]
    bands: list[Band]
    households: dict[str, Household]

    @property
    def up(self) -> int:
        return sum(1 for c in self.changes if c.moved_up > 0)

    @property
    def down(self) -> int:
        return sum(1 for c in self.changes if c.moved_up < 0)

    @property
    def same(self) -> int:
        return sum(1 for c in self.changes if c.moved_up == 0)

    @property
    def largest(self) -> int:
        return max((abs(c.moved_up) for c in self.changes), default=0)


def draft_effect(draft: PrioritySchemeDraft) -> Effect:
    """Each open case's place in the key order under the valid version and under the draft
    (checked criteria only, the alliance's lottery seed). No names: callers that show cases
    read them through ``personal_data``."""
    current = engine.current_scheme(draft.alliance)
    new = engine.parse(draft.toml)
    old = engine.parse(current.toml) if current else new
    rows = list(
        Household.objects.filter(alliance=draft.alliance, anonymised_at__isnull=True)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("pk")
    )
    criteria = engine.checked_criteria([r.pk for r in rows])
    records = [engine.to_household(r, criteria.get(r.pk, frozenset()), None) for r in rows]
    changes = rank_changes(records, old, new, seed=draft.alliance.pk)
    return Effect(changes, bands(changes), {str(r.pk): r for r in rows})
