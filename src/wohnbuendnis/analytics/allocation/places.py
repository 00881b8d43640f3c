"""Several places per flat: ``optimal`` and ``deferred-acceptance`` with N nominees per flat.

The Benennungsrecht needs a choice of at least three households per flat (§ 5a WoBindG), while
the spec's ``optimal`` and ``deferred-acceptance`` give one household per flat. With ``n``
places, each flat is taken ``n`` times (copies with the same rules), so that

- ``optimal``: the matroid greedy on the copies is the greedy on the transversal matroid of a
  b-matching with capacity ``n`` per flat: as many flats as the register allows get ``n``
  eligible nominees, the most urgent households first;
- ``deferred-acceptance``: every household ranks the copies of a flat one after the other; with
  the common priority (the key) this is deferred acceptance with a quota of ``n`` per flat
  (college admissions, Gale & Shapley 1962), stable and strategy-proof for applicants.

With ``n = 1`` both are exactly the spec's mechanisms. The nominees of a flat are ranked by the
key (1 = most urgent). Pure functions, no Django.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from wohnbuendnis.analytics.allocation.deferred_acceptance import allocation_da_indices
from wohnbuendnis.analytics.allocation.model import Flat, Household, Preference, Scheme
from wohnbuendnis.analytics.allocation.optimal import optimal_indices
from wohnbuendnis.analytics.allocation.outcome import AllocationResult, Nomination
from wohnbuendnis.analytics.allocation.run import IntArray, Prepared, Progress, _finish, prepare


def _copies(flats: Sequence[Flat], n: int) -> list[Flat]:
    """Each flat ``n`` times; copy k of flat i has the id ``"i:k"`` (unique whatever the ids)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return [
        dataclasses.replace(flat, flat_id=f"{i}:{k}")
        for i, flat in enumerate(flats)
        for k in range(1, n + 1)
    ]


def _base_index(copy_id: str) -> int:
    return int(copy_id.split(":", 1)[0])


def _nominations(
    base: Prepared, copies: Prepared, flats: Sequence[Flat], flat_of: IntArray, mechanism: str,
    version: str,
) -> AllocationResult:  # fmt: skip
    """Group the households placed on copies by their flat, ranked by the key."""
    by_flat: dict[int, list[int]] = {}
    for household in np.flatnonzero(flat_of >= 0).tolist():
        flat = _base_index(copies.flats[int(flat_of[household])].flat_id)
        by_flat.setdefault(flat, []).append(household)
    order = sorted(range(len(flats)), key=lambda i: (flats[i].available_from, flats[i].flat_id))
    rows = [
        Nomination(
            flats[i].flat_id,
            rank,
            base.households[h].household_id,
            int(base.points[h]),
            int(base.key_position[h]) + 1,
        )
        for i in order
        for rank, h in enumerate(sorted(by_flat.get(i, []), key=lambda h: base.key_position[h]), 1)
    ]
    result = _finish(base, mechanism, flat_of >= 0, version, nominations=tuple(rows))
    result.audit["flats_without_nominee"] = len(flats) - len(by_flat)
    result.audit["nominees_per_flat"] = len(copies.flats) // max(1, len(flats))
    return result


def optimal_nominations(
    households: Sequence[Household],
    flats: Sequence[Flat],
    scheme: Scheme,
    n: int | None = None,
    *,
    seed: int = 0,
    software_version: str = "unknown",
    progress: Progress = None,
) -> AllocationResult:
    """``optimal`` with ``n`` places per flat (default: the scheme's ``nominees_per_flat``);
    ``nominations`` as in ``shortlist`` (flat order, then rank by the key)."""
    size = scheme.nominees_per_flat if n is None else n
    base = prepare(households, flats, scheme, seed)
    copies = prepare(households, _copies(flats, size), scheme, seed)
    flat_of = optimal_indices(copies.ix, copies.order[copies.ix.valid[copies.order]], progress)
    return _nominations(base, copies, flats, flat_of, "optimal", software_version)


def deferred_acceptance_nominations(
    households: Sequence[Household],
    flats: Sequence[Flat],
    scheme: Scheme,
    preferences: Sequence[Preference],
    n: int = 1,
    *,
    seed: int = 0,
    software_version: str = "unknown",
    progress: Progress = None,
) -> AllocationResult:
    """``deferred-acceptance`` with a quota of ``n`` households per flat; ``nominations`` as
    in ``shortlist``. Raises ``ValueError`` for preferences naming unknown ids."""
    base = prepare(households, flats, scheme, seed)
    copies = prepare(households, _copies(flats, n), scheme, seed)
    h_no = {h.household_id: i for i, h in enumerate(copies.households)}
    f_no = {flat.flat_id: i for i, flat in enumerate(flats)}
    c_no = {flat.flat_id: i for i, flat in enumerate(copies.flats)}
    h_rows, f_rows, r_rows = [], [], []
    try:
        for pref in preferences:
            i = f_no[pref.flat_id]
            for k in range(1, n + 1):  # the copies of one flat one after the other
                h_rows.append(h_no[pref.household_id])
                f_rows.append(c_no[f"{i}:{k}"])
                r_rows.append(pref.rank * (n + 1) + k)
    except KeyError as missing:
        raise ValueError(f"preference names unknown id {missing}") from None
    rank = np.where(copies.key_position >= 0, copies.key_position, len(households))
    flat_of = allocation_da_indices(
        copies.ix,
        rank,
        np.array(h_rows, dtype=np.int64),
        np.array(f_rows, dtype=np.int64),
        np.array(r_rows, dtype=np.int64),
        progress,
    )
    return _nominations(base, copies, flats, flat_of, "deferred-acceptance", software_version)
