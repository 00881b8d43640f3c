"""The ``optimal`` mechanism: greedy on the transversal matroid in key order.

Households are taken in key order; a household joins when it and everyone chosen before can
still be matched to distinct eligible flats. Implemented as incremental bipartite matching
(Kuhn's augmenting paths, breadth-first): the chosen set is exactly the set of households that
an augmenting path could be found for (Edmonds 1971, "Matroids and the greedy algorithm";
transversal matroids: Edmonds & Fulkerson 1965). It is a maximum-cardinality matching that is
lexicographically best in key order.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.eligibility import EligibilityIndex, eligible_flats

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_DEMAND_SAMPLE = 1000


def _flat_demand(ix: EligibilityIndex, order: IntArray) -> IntArray:
    """How many of a key-spread sample of households each flat suits (to keep wide flats free)."""
    demand = np.zeros(ix.path.shape[0], dtype=np.int64)
    step = max(1, order.shape[0] // _DEMAND_SAMPLE)
    for household in order[::step]:
        demand += eligible_flats(ix, int(household))
    return demand


class _Matching:
    """Mutable matching state: ``flat_of[h]`` and ``household_of[f]`` (−1 = unmatched)."""

    def __init__(self, ix: EligibilityIndex) -> None:
        self.ix = ix
        self.flat_of = np.full(ix.valid.shape[0], -1, dtype=np.int64)
        self.household_of = np.full(ix.path.shape[0], -1, dtype=np.int64)
        self.free_flats = int(ix.path.shape[0])
        # Flats from which no alternating path reaches a free flat; valid until an augmentation
        # along a path of length > 1 (a direct match cannot make a dead flat reach a free one).
        self.dead = np.zeros(ix.path.shape[0], dtype=np.bool_)

    def link(self, household: int, flat: int) -> None:
        self.flat_of[household] = flat
        self.household_of[flat] = household

    def augment(self, household: int, end: int, parent: IntArray) -> None:
        """Flip the alternating path that ends at free flat ``end`` (parents lead back to −1)."""
        flat = end
        while parent[flat] >= 0:
            previous = int(parent[flat])
            self.link(int(self.household_of[previous]), flat)
            flat = previous
        self.link(household, flat)
        self.free_flats -= 1

    def search(self, household: int, start: BoolArray) -> bool:
        """Breadth-first search for an augmenting path from ``household`` (its flats: ``start``)."""
        seen = self.dead.copy()
        parent = np.full(seen.shape[0], -1, dtype=np.int64)
        frontier = np.flatnonzero(start & ~seen)
        seen[frontier] = True
        while frontier.shape[0]:
            layer: list[IntArray] = []
            for flat in frontier:
                reach = eligible_flats(self.ix, int(self.household_of[flat])) & ~seen
                nxt = np.flatnonzero(reach)
                parent[nxt] = flat
                free = nxt[self.household_of[nxt] < 0]
                if free.shape[0]:
                    self.augment(household, int(free[0]), parent)
                    self.dead[:] = False
                    return True
                seen[nxt] = True
                layer.append(nxt)
            frontier = np.concatenate(layer)
        self.dead = seen
        return False


def optimal_indices(
    ix: EligibilityIndex, order: IntArray, progress: Callable[[int], None] | None = None
) -> IntArray:
    """Matroid-greedy assignment: ``flat_of[h]`` for every household index (−1 = none).

    ``order`` holds the household indices in key order (most urgent first). When several free
    flats suit a household, the one fewest other households suit is taken (then the lowest
    index), which keeps later augmenting paths short; the chosen set does not depend on it.
    """
    state = _Matching(ix)
    demand = _flat_demand(ix, order)
    for done, household in enumerate(order):
        if state.free_flats == 0:
            break
        mine = eligible_flats(ix, int(household))
        free = np.flatnonzero(mine & (state.household_of < 0))
        if free.shape[0]:
            state.link(int(household), int(free[np.argmin(demand[free])]))
            state.free_flats -= 1
        elif mine.any():
            state.search(int(household), mine)
        if progress is not None:
            progress(done + 1)
    return state.flat_of
