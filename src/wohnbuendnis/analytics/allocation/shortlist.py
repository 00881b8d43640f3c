"""The ``shortlist`` mechanism: N ranked nominees per flat (Benennungsrecht, § 5a WoBindG)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.eligibility import EligibilityIndex, eligible_households

IntArray = npt.NDArray[np.int64]
_FIRST_CHUNK = 64
_COMPACT_AFTER = 2048


def _pick(
    ix: EligibilityIndex, flat: int, pool: IntArray, free: npt.NDArray[np.bool_], n: int
) -> IntArray:
    """First ``n`` free eligible households of ``pool`` (key order), scanned in growing chunks."""
    picked: list[IntArray] = []
    found, start, chunk = 0, 0, _FIRST_CHUNK
    while found < n and start < pool.shape[0]:
        part = pool[start : start + chunk]
        hits = part[free[part] & eligible_households(ix, flat, part)][: n - found]
        picked.append(hits)
        found += hits.shape[0]
        start += chunk
        chunk *= 2
    return np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)


def shortlist_indices(
    ix: EligibilityIndex,
    order: IntArray,
    flat_order: IntArray,
    n: int,
    progress: Callable[[int], None] | None = None,
) -> list[IntArray]:
    """Shortlists for flats in ``flat_order``: household indices, best first.

    ``order`` holds household indices in key order (most urgent first; households outside it are
    never nominated); ``flat_order`` flat indices in processing order (available_from, flat_id).
    Each flat gets the ``n`` most urgent eligible households not nominated for an earlier flat of
    this run, or fewer when fewer are left. Returns one int array per entry of ``flat_order``.
    Cost: O(F × scanned prefix) vectorised; taken households are compacted out of the pool.
    """
    free = np.ones(ix.valid.shape[0], dtype=np.bool_)
    pool = order[ix.valid[order]]
    lists: list[IntArray] = []
    taken = 0
    for done, flat in enumerate(flat_order):
        picked = _pick(ix, int(flat), pool, free, n)
        free[picked] = False
        lists.append(picked)
        taken += picked.shape[0]
        if taken >= _COMPACT_AFTER:
            pool, taken = pool[free[pool]], 0
        if progress is not None:
            progress(done + 1)
    return lists
