"""Segregation of placed households across districts: the index of dissimilarity.

Duncan & Duncan (1955), "A Methodological Analysis of Segregation Indexes", American
Sociological Review 20(2): for two groups with counts ``a_i`` and ``b_i`` in the districts
``i`` and totals ``A`` and ``B``,

    D = ½ · Σ_i | a_i / A − b_i / B |

the share of either group that would have to move to another district for both groups to be
spread alike; 0 = the same distribution, 1 = no district holds both groups. With few
households per district D is above 0 even when households are placed at random (a known
small-number bias), so a D of few placements is read with care.

Pure: numpy only, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def dissimilarity(group_a: Sequence[int], group_b: Sequence[int]) -> float | None:
    """Duncan's index of dissimilarity of two groups' counts per district (same order);
    None when a group is empty (no distribution to compare) or fewer than two districts."""
    a = np.asarray(group_a, dtype=float)
    b = np.asarray(group_b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("both groups need one count per district")
    if (a < 0).any() or (b < 0).any():
        raise ValueError("counts are not negative")
    total_a, total_b = float(a.sum()), float(b.sum())
    if len(a) < 2 or total_a == 0 or total_b == 0:
        return None
    return float(0.5 * np.abs(a / total_a - b / total_b).sum())
