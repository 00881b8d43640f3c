"""Entry points of the allocation engine: one function per mechanism and :func:`allocate`.

Inputs are in-memory records (:mod:`.model`), so the web app calls these with rows from its
register and vacancies, and the CLI with rows read from files. Results do not depend on the order
of the input rows; the same inputs and ``seed`` give the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.deferred_acceptance import allocation_da_indices
from wohnbuendnis.analytics.allocation.eligibility import EligibilityIndex, build_index
from wohnbuendnis.analytics.allocation.model import Flat, Household, Preference, Scheme, scheme_hash
from wohnbuendnis.analytics.allocation.optimal import optimal_indices
from wohnbuendnis.analytics.allocation.outcome import (
    AllocationResult,
    Assignment,
    Nomination,
    audit_statistics,
    unplaced_reasons,
)
from wohnbuendnis.analytics.allocation.priority import points_array, priority_order
from wohnbuendnis.analytics.allocation.shortlist import shortlist_indices

IntArray = npt.NDArray[np.int64]
Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class Prepared:
    """Households (as given), flats in processing order (available_from, flat_id), the
    eligibility index, the key order of all households, 0-based key positions of entitled
    households (−1 for the others) and points."""

    households: tuple[Household, ...]
    flats: tuple[Flat, ...]
    scheme: Scheme
    seed: int
    ix: EligibilityIndex
    order: IntArray
    key_position: IntArray
    points: IntArray


def _unique(ids: Sequence[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what} ids are not unique")


def prepare(
    households: Sequence[Household], flats: Sequence[Flat], scheme: Scheme, seed: int
) -> Prepared:
    """Validate ids, order flats, build the eligibility index and the priority key."""
    _unique([h.household_id for h in households], "household")
    _unique([f.flat_id for f in flats], "flat")
    ordered = tuple(sorted(flats, key=lambda f: (f.available_from, f.flat_id)))
    ix = build_index(households, ordered, scheme)
    order = priority_order(households, scheme, seed)
    entitled = order[ix.valid[order]]
    key_position = np.full(len(households), -1, dtype=np.int64)
    key_position[entitled] = np.arange(entitled.shape[0], dtype=np.int64)
    return Prepared(
        tuple(households),
        ordered,
        scheme,
        seed,
        ix,
        order,
        key_position,
        points_array(households, scheme),
    )


def _finish(
    run: Prepared, mechanism: str, placed: npt.NDArray[np.bool_], version: str, **found: Any
) -> AllocationResult:
    ids = [h.household_id for h in run.households]
    unplaced = unplaced_reasons(run.ix, run.order, placed, ids, [f.flat_id for f in run.flats])
    meta = {
        "mechanism": mechanism,
        "seed": run.seed,
        "scheme_sha256": scheme_hash(run.scheme),
        "software_version": version,
        "reference_date": run.scheme.reference_date.isoformat(),
        "flats": len(run.flats),
        "entitled_households": int(run.ix.valid.sum()),
    }
    audit = audit_statistics(run.households, run.scheme, run.points, placed, unplaced, meta)
    return AllocationResult(mechanism=mechanism, unplaced=unplaced, audit=audit, **found)


def shortlist(
    households: Sequence[Household],
    flats: Flat | Sequence[Flat],
    scheme: Scheme,
    n: int | None = None,
    *,
    seed: int = 0,
    software_version: str = "unknown",
    progress: Progress = None,
) -> AllocationResult:
    """``shortlist`` mechanism: for each flat in order (available_from, flat_id), the ``n``
    (default: scheme's ``nominees_per_flat``) most urgent eligible households not yet nominated
    in this run, ranked. Pass only households whose chances do not rest (not named elsewhere).
    Returns ``nominations`` (flat order, then rank) and ``unplaced`` (key order)."""
    run = prepare(households, [flats] if isinstance(flats, Flat) else flats, scheme, seed)
    size = scheme.nominees_per_flat if n is None else n
    lists = shortlist_indices(run.ix, run.order, np.arange(len(run.flats)), size, progress)
    rows = [
        Nomination(
            flat.flat_id,
            rank,
            run.households[h].household_id,
            int(run.points[h]),
            int(run.key_position[h]) + 1,
        )
        for flat, picked in zip(run.flats, lists, strict=True)
        for rank, h in enumerate(picked.tolist(), start=1)
    ]
    placed = np.zeros(len(households), dtype=np.bool_)
    placed[np.concatenate([np.zeros(0, dtype=np.int64), *lists])] = True
    result = _finish(run, "shortlist", placed, software_version, nominations=tuple(rows))
    result.audit["flats_without_nominee"] = sum(1 for picked in lists if not picked.shape[0])
    return result


def _assignment_result(
    run: Prepared, mechanism: str, flat_of: IntArray, version: str
) -> AllocationResult:
    household_of = np.full(len(run.flats), -1, dtype=np.int64)
    matched = np.flatnonzero(flat_of >= 0)
    household_of[flat_of[matched]] = matched
    rows = tuple(
        Assignment(run.flats[f].flat_id, run.households[h].household_id, int(run.points[h]))
        for f, h in enumerate(household_of.tolist())
        if h >= 0
    )
    result = _finish(run, mechanism, flat_of >= 0, version, assignments=rows)
    result.audit["flats_without_nominee"] = len(run.flats) - len(rows)
    return result


def optimal(
    households: Sequence[Household],
    flats: Sequence[Flat],
    scheme: Scheme,
    *,
    seed: int = 0,
    software_version: str = "unknown",
    progress: Progress = None,
) -> AllocationResult:
    """``optimal`` mechanism: one household per flat; the set of assigned households is the
    greedy set of the transversal matroid in key order (see :mod:`.optimal`)."""
    run = prepare(households, flats, scheme, seed)
    flat_of = optimal_indices(run.ix, run.order[run.ix.valid[run.order]], progress)
    return _assignment_result(run, "optimal", flat_of, software_version)


def deferred_acceptance_allocation(
    households: Sequence[Household],
    flats: Sequence[Flat],
    scheme: Scheme,
    preferences: Sequence[Preference],
    *,
    seed: int = 0,
    software_version: str = "unknown",
    progress: Progress = None,
) -> AllocationResult:
    """``deferred-acceptance`` mechanism: applicant-proposing deferred acceptance on the
    households' ranked ``preferences``; every flat's priority is the key; only eligible pairs
    count. Raises ``ValueError`` for preferences naming unknown households or flats."""
    run = prepare(households, flats, scheme, seed)
    h_no = {h.household_id: i for i, h in enumerate(run.households)}
    f_no = {f.flat_id: i for i, f in enumerate(run.flats)}
    try:
        h = np.array([h_no[p.household_id] for p in preferences], dtype=np.int64)
        f = np.array([f_no[p.flat_id] for p in preferences], dtype=np.int64)
    except KeyError as missing:
        raise ValueError(f"preference names unknown id {missing}") from None
    r = np.array([p.rank for p in preferences], dtype=np.int64)
    rank = np.where(run.key_position >= 0, run.key_position, len(households))
    flat_of = allocation_da_indices(run.ix, rank, h, f, r, progress)
    return _assignment_result(run, "deferred-acceptance", flat_of, software_version)


def allocate(
    households: Sequence[Household],
    flats: Sequence[Flat],
    scheme: Scheme,
    mechanism: str = "shortlist",
    *,
    preferences: Sequence[Preference] = (),
    seed: int = 0,
    software_version: str = "unknown",
    progress: Progress = None,
) -> AllocationResult:
    """Run ``mechanism`` (one of :data:`MECHANISMS`) on the inputs; see the functions above."""
    options: dict[str, Any] = {
        "seed": seed,
        "software_version": software_version,
        "progress": progress,
    }
    if mechanism == "shortlist":
        return shortlist(households, flats, scheme, **options)
    if mechanism == "optimal":
        return optimal(households, flats, scheme, **options)
    if mechanism == "deferred-acceptance":
        return deferred_acceptance_allocation(households, flats, scheme, preferences, **options)
    raise ValueError(f"unknown mechanism {mechanism!r}; expected one of {MECHANISMS}")


MECHANISMS = ("shortlist", "optimal", "deferred-acceptance")
