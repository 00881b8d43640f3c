"""The index of dissimilarity against a hand computation."""

from __future__ import annotations

import pytest

from wohnbuendnis.analytics.allocation.segregation import dissimilarity


def test_dissimilarity_equals_the_hand_computation() -> None:
    # three districts; group A: 10, 0, 10 (A = 20); group B: 5, 10, 5 (B = 20)
    # shares A: 0.5, 0, 0.5; B: 0.25, 0.5, 0.25 → |diffs| 0.25, 0.5, 0.25 → ½ · 1.0 = 0.5
    assert dissimilarity([10, 0, 10], [5, 10, 5]) == pytest.approx(0.5)
    # four districts, unequal totals: A = 8 (4, 2, 2, 0), B = 12 (3, 3, 3, 3)
    # |0.5 − 0.25| + |0.25 − 0.25| + |0.25 − 0.25| + |0 − 0.25| = 0.5 → D = 0.25
    assert dissimilarity([4, 2, 2, 0], [3, 3, 3, 3]) == pytest.approx(0.25)


def test_the_same_spread_is_zero_and_full_separation_is_one() -> None:
    assert dissimilarity([2, 4, 6], [1, 2, 3]) == pytest.approx(0.0)
    assert dissimilarity([5, 0], [0, 7]) == pytest.approx(1.0)


def test_no_index_without_two_groups_or_two_districts() -> None:
    assert dissimilarity([0, 0, 0], [1, 2, 3]) is None
    assert dissimilarity([3], [4]) is None
    with pytest.raises(ValueError):
        dissimilarity([1, 2], [1, 2, 3])
    with pytest.raises(ValueError):
        dissimilarity([1, -1], [1, 2])
