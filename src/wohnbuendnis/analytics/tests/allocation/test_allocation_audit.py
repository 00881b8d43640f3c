"""The non-discrimination audit (issue 16.7): Fisher's exact test against a brute-force count,
Holm's adjustment, the two conditions of a flag, and on generated decisions: a planted bias is
found, and without bias no landlord is flagged more often than the 5 % level allows."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from wohnbuendnis.analytics.allocation.audit import (
    ALPHA,
    compare_groups,
    fisher_exact,
    holm,
)

SHARES = {"deutsch": 0.58, "eu": 0.12, "drittstaat": 0.25, "keine_angabe": 0.05}
LANDLORDS = 9
SEEDS = 50


def brute_force_fisher(a: int, b: int, c: int, d: int) -> float:
    """Enumerate which of the N nominees are the accepted ones (all equally likely under the
    null hypothesis with fixed margins) and count the tables no more likely than the observed."""
    n, row1, col1 = a + b + c + d, a + b, a + c
    tables: dict[int, int] = {}
    for accepted in itertools.combinations(range(n), col1):
        x = sum(1 for unit in accepted if unit < row1)  # accepted in the first row
        tables[x] = tables.get(x, 0) + 1
    total = sum(tables.values())
    return sum(k for k in tables.values() if k <= tables[a] * (1 + 1e-9)) / total


def test_fisher_matches_the_textbook_and_a_brute_force_count() -> None:
    assert fisher_exact(3, 1, 1, 3) == pytest.approx(0.4857142857)  # Fisher's tea tasting
    assert fisher_exact(6, 2, 1, 4) == pytest.approx(0.1025641026)  # scipy's documented example
    assert fisher_exact(1, 9, 11, 3) == pytest.approx(0.0027594562)  # R's fisher.test
    for a, b, c, d in itertools.product(range(4), repeat=4):
        if a + b + c + d:
            assert fisher_exact(a, b, c, d) == pytest.approx(brute_force_fisher(a, b, c, d))
    assert fisher_exact(0, 0, 0, 0) == 1.0


def test_holm_adjusts_step_down_and_keeps_the_order() -> None:
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.02], tests=1) == [0.02]
    assert holm([0.6, 0.5]) == [1.0, 1.0]


def test_flag_needs_a_large_and_a_significant_difference_and_the_minimum_count() -> None:
    # large (20 % against 80 %) but 5 against 5: not significant (p ≈ 0.21)
    small = compare_groups({"a": (1, 5), "b": (4, 5)})
    assert small[0].ratio == pytest.approx(0.25) and small[0].p_value is not None
    assert small[0].p_value > ALPHA and not small[0].flagged
    # significant but not large: 76 % against 88 % of 2000 each (ratio 0.86)
    close = compare_groups({"a": (1520, 2000), "b": (1760, 2000)})
    assert close[0].p_value is not None and close[0].p_value < 1e-6
    assert close[0].ratio == pytest.approx(1520 / 1760) and not close[0].flagged
    # both: 10 of 40 against 60 of 120
    both = compare_groups({"a": (10, 40), "b": (60, 120)})
    assert both[0].flagged and not both[1].flagged  # only the group treated worse
    assert both[0].p_value == both[1].p_value  # two groups: one table, one test
    # fewer than 5 decisions: neither compared nor flagged
    tiny = compare_groups({"a": (0, 4), "b": (60, 120), "c": (50, 100)})
    assert tiny[0].p_value is None and tiny[0].rate is None and not tiny[0].flagged
    # the others are all other nominees: the small group counts among them
    assert tiny[1].other_decided == 104 and tiny[1].other_accepted == 50


def test_more_groups_are_adjusted_by_holm() -> None:
    counts = {"a": (10, 40), "b": (60, 120), "c": (25, 50), "d": (24, 50)}
    tests = compare_groups(counts)
    a = counts["a"]
    others = (sum(x for x, _ in counts.values()) - a[0], sum(n for _, n in counts.values()) - a[1])
    raw = fisher_exact(a[0], a[1] - a[0], others[0], others[1] - others[0])
    assert tests[0].p_value == pytest.approx(min(1.0, 4 * raw))  # the smallest p times 4


def landlord_decisions(
    rng: random.Random, decided: int, rate: float, biased: str | None = None
) -> dict[str, tuple[int, int]]:
    """One landlord's decisions by nationality group: the group sizes follow the shares, every
    nominee is accepted with ``rate`` – the ``biased`` group with half of it."""
    counts = {}
    for group, share in SHARES.items():
        n = round(decided * share)
        p = rate / 2 if group == biased else rate
        counts[group] = (sum(rng.random() < p for _ in range(n)), n)
    return counts


def binomial_upper(n: int, p: float, tail: float) -> int:
    """Smallest k with P(Binomial(n, p) > k) ≤ ``tail`` (exact, with math.comb)."""
    cumulative = 0.0
    for k in range(n + 1):
        cumulative += math.comb(n, k) * p**k * (1 - p) ** (n - k)
        if 1 - cumulative <= tail:
            return k
    return n


def test_a_planted_bias_is_flagged() -> None:
    """One landlord accepts third-country nominees at half the rate of the others (50 % →
    25 %). With 80 of them among 320 decisions it is flagged in at least 40 of 50 samples
    (power measured over 400 samples: 0.93); with the minimum of 40 among 160 the power of an
    exact test at 5 % is lower (measured 0.61 over 400 samples): at least 20 of 50 there."""
    found = other_flags = 0
    for seed in range(SEEDS):
        rng = random.Random(seed)
        tests = compare_groups(landlord_decisions(rng, 320, 0.5, "drittstaat"))
        found += any(t.flagged for t in tests if t.group == "drittstaat")
        other_flags += sum(t.flagged for t in tests if t.group != "drittstaat")
    assert found >= 40  # measured: 50 of 50
    assert other_flags <= 3  # the unbiased groups: chance only (measured: 1 in 150)
    smallest = 0
    for seed in range(SEEDS):
        tests = compare_groups(landlord_decisions(random.Random(seed), 160, 0.5, "drittstaat"))
        group = next(t for t in tests if t.group == "drittstaat")
        assert group.decided == 40
        smallest += group.flagged
    assert smallest >= 20  # measured: 31 of 50


def test_without_bias_no_landlord_is_flagged_more_often_than_chance_allows() -> None:
    """Nine landlords of 40 to 200 decisions, all groups accepted alike, 50 samples: a table
    (landlord × dimension) is flagged with probability ≤ 5 % (Fisher's test is exact and
    conservative, Holm's adjustment keeps the family-wise level of a table, and only a lower
    rate can flag). Bound: the count of flagged tables may not exceed the 99.9 % quantile of
    Binomial(450, 0.05) = 38; per landlord, that of Binomial(50, 0.05) with the tail split over
    the nine landlords."""
    flagged_per_landlord = [0] * LANDLORDS
    for seed in range(SEEDS):
        rng = random.Random(1000 + seed)
        for landlord in range(LANDLORDS):
            decided = rng.randint(40, 200)
            tests = compare_groups(landlord_decisions(rng, decided, rng.uniform(0.3, 0.7)))
            flagged_per_landlord[landlord] += any(t.flagged for t in tests)
    tables = SEEDS * LANDLORDS
    assert sum(flagged_per_landlord) <= binomial_upper(tables, ALPHA, 0.001) == 38
    assert max(flagged_per_landlord) <= binomial_upper(SEEDS, ALPHA, 0.001 / LANDLORDS) == 10
    # measured: 8 of 450 tables (1.8 %), at most 2 of 50 for one landlord
    assert sum(flagged_per_landlord) / tables < ALPHA
