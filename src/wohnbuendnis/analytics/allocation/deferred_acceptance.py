"""The ``deferred-acceptance`` mechanism (Gale & Shapley 1962, "College admissions and the
stability of marriage"): applicants propose in their order of preference, each flat holds the
best proposer by its priority so far. With applicants proposing the result is the
applicant-optimal stable matching and the mechanism is strategy-proof for applicants
(Dubins & Freedman 1981; Roth 1982; school choice: Abdulkadiroğlu & Sönmez 2003).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.eligibility import EligibilityIndex, eligible_pairs

IntArray = npt.NDArray[np.int64]


def deferred_acceptance(
    proposer_prefs: Sequence[Sequence[int]],
    receiver_rank: npt.NDArray[np.int64],
    progress: Callable[[int], None] | None = None,
) -> IntArray:
    """Proposer-proposing deferred acceptance with one place per receiver.

    ``proposer_prefs[p]``: receiver indices that proposer p accepts, best first.
    ``receiver_rank``: either shape (R, P) — ``receiver_rank[r, p]`` is r's rank of p, lower is
    better — or shape (P,) — one common priority of all receivers (the allocation key).
    Receivers accept every proposer that proposes (filter unacceptable pairs beforehand).
    Returns ``match[p]`` = receiver index of proposer p or −1; shape (P,).
    """
    common_rank: list[int] = receiver_rank.tolist() if receiver_rank.ndim == 1 else []
    table: list[list[int]] = receiver_rank.tolist() if receiver_rank.ndim == 2 else []
    held: dict[int, int] = {}
    following = [0] * len(proposer_prefs)
    queue = deque(range(len(proposer_prefs)))
    proposals = 0
    while queue:
        p = queue.popleft()
        prefs = proposer_prefs[p]
        if following[p] >= len(prefs):
            continue
        r = int(prefs[following[p]])
        following[p] += 1
        current = held.get(r)
        if current is None:
            held[r] = p
        else:
            row = common_rank or table[r]
            better = row[p] < row[current]
            held[r] = p if better else current
            queue.append(current if better else p)
        proposals += 1
        if progress is not None and proposals % 4096 == 0:
            progress(proposals)
    match = np.full(len(proposer_prefs), -1, dtype=np.int64)
    for r, p in held.items():
        match[p] = r
    return match


def allocation_da_indices(
    ix: EligibilityIndex,
    key_position: IntArray,
    pref_households: IntArray,
    pref_flats: IntArray,
    pref_ranks: IntArray,
    progress: Callable[[int], None] | None = None,
) -> IntArray:
    """Deferred acceptance for the allocation: ``flat_of[h]`` per household index (−1 = none).

    Preferences are given as three aligned arrays of shape (k,) (household index, flat index,
    rank); pairs that break an eligibility rule are dropped, since a flat may not take such a
    household. Every flat's priority is the key (``key_position[h]``, 0 = most urgent).
    """
    keep = eligible_pairs(ix, pref_households, pref_flats)
    h, f, r = pref_households[keep], pref_flats[keep], pref_ranks[keep]
    by = np.lexsort((f, r, h))
    h, f = h[by], f[by]
    prefs: list[list[int]] = [[] for _ in range(ix.valid.shape[0])]
    for household, flat in zip(h.tolist(), f.tolist(), strict=True):
        prefs[household].append(flat)
    return deferred_acceptance(prefs, key_position, progress)
