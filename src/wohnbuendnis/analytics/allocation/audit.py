"""Non-discrimination audit of landlord decisions: each group against all other nominees.

For one landlord (or all landlords together) and one dimension (e.g. nationality), every group
with at least ``min_count`` decisions is compared with all other nominees of the same landlord
whose decisions count (at least ``min_count`` of them too):

- **large**: the group's acceptance rate is below ``four_fifths`` (80 %) of the others' rate
  (four-fifths rule, US EEOC Uniform Guidelines, 29 CFR 1607.4 D);
- **significant**: Fisher's exact test of the 2×2 table (group / others × accepted / not
  accepted), two-sided, exact for small counts; the p-values of the groups of one table are
  adjusted by Holm's method, so that a landlord with several groups is not flagged more often
  than ``alpha`` when it treats every group alike.

A group is flagged only where both hold. A dimension with exactly two groups has one table
(the two comparisons are the same test), so Holm's factor is 1 there.

Pure functions with ``math.comb``; no scipy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

MIN_COUNT = 5
FOUR_FIFTHS = 0.8
ALPHA = 0.05
_TOLERANCE = 10**7  # a table within 1 in 10⁷ of the observed one counts as equally likely


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test of the 2×2 table ``[[a, b], [c, d]]``.

    Conditional on the margins, ``a`` follows the hypergeometric distribution; the p-value is
    the probability of all tables no more likely than the observed one (as R's
    ``fisher.test`` and scipy's ``fisher_exact`` compute it).
    """
    if min(a, b, c, d) < 0:
        raise ValueError("a 2×2 table of counts ≥ 0 expected")
    row1, col1, total = a + b, a + c, a + b + c + d
    low, high = max(0, col1 - (total - row1)), min(row1, col1)
    denominator = math.comb(total, col1)

    def weight(x: int) -> int:  # number of ways to get x in the first cell, exactly
        return math.comb(row1, x) * math.comb(total - row1, col1 - x)

    observed = weight(a) * (_TOLERANCE + 1)  # integers throughout: exact for any count
    tail = sum(w for w in (weight(x) for x in range(low, high + 1)) if w * _TOLERANCE <= observed)
    return min(1.0, tail / denominator)


@dataclass(frozen=True)
class GroupTest:
    """One group of an audit table against all other nominees of the same landlord.

    ``rate``/``other_rate``/``ratio``/``p_value`` are ``None`` where the counts are too small
    to compare (fewer than the minimum count in the group or among the others).
    """

    group: str
    accepted: int
    decided: int
    other_accepted: int
    other_decided: int
    rate: float | None
    other_rate: float | None
    ratio: float | None
    p_value: float | None
    flagged: bool

    @property
    def compared(self) -> bool:
        return self.p_value is not None


def holm(p_values: list[float], tests: int | None = None) -> list[float]:
    """Holm's step-down adjustment of ``p_values`` (in the given order) for ``tests`` tests
    (default: as many as p-values)."""
    m = len(p_values) if tests is None else tests
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for step, index in enumerate(order):
        running = max(running, min(1.0, (m - step) * p_values[index]))
        adjusted[index] = running
    return adjusted


def compare_groups(
    counts: Mapping[str, tuple[int, int]],
    *,
    min_count: int = MIN_COUNT,
    four_fifths: float = FOUR_FIFTHS,
    alpha: float = ALPHA,
) -> list[GroupTest]:
    """Every group of one table (``counts``: group → (accepted, decided)) against all others.

    Returns the groups in the given order; ``p_value`` is Holm-adjusted within the table.
    """
    for accepted, decided in counts.values():
        if not 0 <= accepted <= decided:
            raise ValueError("0 ≤ accepted ≤ decided expected")
    total_accepted = sum(a for a, _d in counts.values())
    total_decided = sum(d for _a, d in counts.values())
    raw: dict[str, float] = {}
    for group, (accepted, decided) in counts.items():
        other_accepted, other_decided = total_accepted - accepted, total_decided - decided
        if decided >= min_count and other_decided >= min_count:
            raw[group] = fisher_exact(
                accepted, decided - accepted, other_accepted, other_decided - other_accepted
            )
    present = sum(1 for _a, d in counts.values() if d > 0)
    tests = 1 if present == 2 else len(raw)  # two groups: both comparisons are one table
    adjusted = dict(zip(raw, holm(list(raw.values()), tests), strict=True))
    result = []
    for group, (accepted, decided) in counts.items():
        other_accepted, other_decided = total_accepted - accepted, total_decided - decided
        p = adjusted.get(group)
        rate = other_rate = ratio = None
        if p is not None:
            rate, other_rate = accepted / decided, other_accepted / other_decided
            ratio = rate / other_rate if other_rate > 0 else None
        flagged = p is not None and ratio is not None and ratio < four_fifths and p < alpha
        result.append(
            GroupTest(
                group,
                accepted,
                decided,
                other_accepted,
                other_decided,
                rate,
                other_rate,
                ratio,
                p,
                flagged,
            )
        )
    return result
