"""How a change of the priority list moves the register: each household's place in the key
order under the current and under a draft list (1 = most urgent). Pure, no Django."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wohnbuendnis.analytics.allocation.model import Household, Scheme
from wohnbuendnis.analytics.allocation.priority import points_array, priority_order

#: Bands of a move in places: (lowest, highest); ``None`` = no upper end.
BANDS: tuple[tuple[int, int | None], ...] = ((1, 5), (6, 20), (21, 100), (101, None))


@dataclass(frozen=True)
class RankChange:
    household_id: str
    old_rank: int
    new_rank: int
    old_points: int
    new_points: int

    @property
    def moved_up(self) -> int:
        """Places gained (negative: places lost)."""
        return self.old_rank - self.new_rank


def ranks(households: Sequence[Household], scheme: Scheme, seed: int) -> list[int]:
    """1-based place of each household (in the given order) in the scheme's key order."""
    place = [0] * len(households)
    for position, index in enumerate(priority_order(households, scheme, seed).tolist(), 1):
        place[index] = position
    return place


def rank_changes(
    households: Sequence[Household], current: Scheme, draft: Scheme, seed: int
) -> list[RankChange]:
    """Each household's place under ``current`` and ``draft`` (same seed: the same lottery)."""
    before, after = ranks(households, current, seed), ranks(households, draft, seed)
    old_points = points_array(households, current).tolist()
    new_points = points_array(households, draft).tolist()
    return [
        RankChange(h.household_id, before[i], after[i], int(old_points[i]), int(new_points[i]))
        for i, h in enumerate(households)
    ]


@dataclass(frozen=True)
class Band:
    low: int
    high: int | None
    up: int
    down: int


def _in_band(places: int, low: int, high: int | None) -> bool:
    return low <= places and (high is None or places <= high)


def bands(changes: Sequence[RankChange]) -> list[Band]:
    """How many households move up / down by how many places, per band of :data:`BANDS`."""
    return [
        Band(
            low,
            high,
            up=sum(1 for c in changes if c.moved_up > 0 and _in_band(c.moved_up, low, high)),
            down=sum(1 for c in changes if c.moved_up < 0 and _in_band(-c.moved_up, low, high)),
        )
        for low, high in BANDS
    ]
