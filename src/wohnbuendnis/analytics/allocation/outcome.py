"""Results of a run: nominations/assignments, unplaced households with reasons, audit counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.eligibility import EligibilityIndex, base_flats
from wohnbuendnis.analytics.allocation.model import Household, Scheme

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

OUTRANKED = "outranked"
NEEDS_COST_COVERAGE_EXCEPTION = "needs_cost_coverage_exception"
NO_ELIGIBLE_FLAT = "no_eligible_flat"


@dataclass(frozen=True)
class Nomination:
    """A household named for a flat: ``rank`` on the flat's shortlist (1 = first), ``key`` its
    1-based position in the run's priority order (1 = most urgent)."""

    flat_id: str
    rank: int
    household_id: str
    points: int
    key: int


@dataclass(frozen=True)
class Assignment:
    """One household assigned to one flat (``optimal`` / ``deferred-acceptance``)."""

    flat_id: str
    household_id: str
    points: int


@dataclass(frozen=True)
class Unplaced:
    """An entitled household left without nomination/assignment, with the reason of the spec;
    ``flat_id`` names a flat that fails only the cost-coverage rule."""

    household_id: str
    reason: str
    flat_id: str | None = None


@dataclass(frozen=True)
class AllocationResult:
    """What a run produces; ``nominations`` for ``shortlist``, ``assignments`` otherwise."""

    mechanism: str
    nominations: tuple[Nomination, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    audit: dict[str, Any] = field(default_factory=dict)


def unplaced_reasons(
    ix: EligibilityIndex,
    order: IntArray,
    placed: BoolArray,
    household_ids: Sequence[str],
    flat_ids: Sequence[str],
) -> tuple[Unplaced, ...]:
    """One row per entitled household not placed (in key order), with the spec's reason.

    ``outranked`` if some flat meets all five rules; else ``needs_cost_coverage_exception`` once
    per flat that fails only rule 5 (flats in their processing order); else
    ``no_eligible_flat``. Households are grouped by their rule 2–4 profile, so the flat scan
    runs once per profile, not per household.
    """
    left = order[ix.valid[order] & ~placed[order]]
    if not left.shape[0]:
        return ()
    profile = np.column_stack(
        [
            ix.income_ok[left],
            ix.size_rank[left],
            ix.min_rooms_rank[left],
            ix.min_area_rank[left],
            ix.needs_step_free[left],
            ix.needs_wheelchair[left],
        ]
    ).astype(np.int64)
    _, first, group = np.unique(profile, axis=0, return_index=True, return_inverse=True)
    flats_of = [np.flatnonzero(base_flats(ix, int(left[i]))) for i in first]
    cheapest = [int(ix.rent_rank[f].min()) if f.shape[0] else -1 for f in flats_of]
    rows: list[Unplaced] = []
    for household, g in zip(left.tolist(), group.reshape(-1).tolist(), strict=True):
        hid = household_ids[household]
        if not flats_of[g].shape[0]:
            rows.append(Unplaced(hid, NO_ELIGIBLE_FLAT))
        elif ix.cap_rank[household] >= cheapest[g]:
            rows.append(Unplaced(hid, OUTRANKED))
        else:
            rows.extend(
                Unplaced(hid, NEEDS_COST_COVERAGE_EXCEPTION, flat_ids[f])
                for f in flats_of[g].tolist()
            )
    return tuple(rows)


def _counts(
    households: Sequence[Household], scheme: Scheme, points: IntArray, mask: BoolArray
) -> dict[str, Any]:
    chosen = [h for h, m in zip(households, mask.tolist(), strict=True) if m]
    levels = Counter(points[mask].tolist())
    return {
        "households": len(chosen),
        "criteria": {name: sum(name in h.criteria for h in chosen) for name in scheme.criteria},
        "points": {str(level): levels[level] for level in sorted(levels)},
    }


def audit_statistics(
    households: Sequence[Household],
    scheme: Scheme,
    points: IntArray,
    placed: BoolArray,
    unplaced: Sequence[Unplaced],
    meta: dict[str, Any],
) -> dict[str, Any]:
    """Aggregate counts for ``audit.json``: per criterion and point level among applicants,
    placed households (nominees/assignees) and unplaced ones; reasons; ``meta`` first (seed,
    scheme hash, software version, mechanism). No identifiers, no income values."""
    left_ids = {u.household_id for u in unplaced}
    unplaced_mask = np.array([h.household_id in left_ids for h in households], dtype=np.bool_)
    reasons = Counter(u.reason for u in {(u.household_id, u.reason): u for u in unplaced}.values())
    everyone = np.ones(len(households), dtype=np.bool_)
    return {
        **meta,
        "applicants": _counts(households, scheme, points, everyone),
        "nominees": _counts(households, scheme, points, placed),
        "unplaced": _counts(households, scheme, points, unplaced_mask),
        "unplaced_by_reason": {r: reasons[r] for r in sorted(reasons)},
    }
