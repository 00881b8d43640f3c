"""Points, keys, limits, eligibility and the three mechanisms against hand-computed values.

The inputs are those of allocation_data.py (scheme: homeless 60, overcrowded 30, single parent 10,
max 80 points; Hessen 2023 income limits; 50/60/75 m² + 12 m² per further person).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from wohnbuendnis.analytics.allocation import (
    Flat,
    Household,
    Scheme,
    Unplaced,
    allocate,
    income_limit,
    is_eligible,
    points,
    priority_order,
    shortlist,
    size_limit_m2,
)
from wohnbuendnis.analytics.io.allocation_files import (
    parse_applicants,
    parse_flats,
    parse_preferences,
)
from wohnbuendnis.analytics.tests.allocation.allocation_data import (
    APPLICANTS_CSV,
    FLATS_CSV,
    PREFERENCES_CSV,
    make_scheme,
)


@pytest.fixture
def scheme() -> Scheme:
    return make_scheme()


@pytest.fixture
def households(scheme: Scheme) -> list[Household]:
    return parse_applicants(APPLICANTS_CSV, "applicants.csv", scheme)


@pytest.fixture
def flats(scheme: Scheme) -> list[Flat]:
    return parse_flats(FLATS_CSV, "flats.csv", scheme)


def test_points_are_capped_sums(households: list[Household], scheme: Scheme) -> None:
    # A: 60 + 30 = 90 → cap 80; B: 60 + 10; C, D, E: 30 + 10; F: 60.
    assert [points(h, scheme) for h in households] == [80, 70, 40, 40, 40, 60]


def test_key_orders_points_then_registration_then_lottery(
    households: list[Household], scheme: Scheme
) -> None:
    order = priority_order(households, scheme, seed=0)
    # F (60 points) sits between B and the 40-point households, although not entitled;
    # C, D, E share points and registration date: lottery 0.2 (D) < 0.5 (C) < 0.7 (E).
    assert [households[i].household_id for i in order] == ["A", "B", "F", "D", "C", "E"]


def test_income_limits_by_hand(scheme: Scheme) -> None:
    assert income_limit(scheme, 1, 0, "1") == Decimal(18166)
    assert income_limit(scheme, 2, 1, "1") == Decimal(27561 + 833)
    # 4 persons, 2 children, path 2: (27561 + 2 × 6265 + 2 × 833) × 1.6 = 41757 × 1.6.
    assert income_limit(scheme, 4, 2, "2") == Decimal("66811.2")


def test_size_limits_by_hand(scheme: Scheme) -> None:
    assert [size_limit_m2(scheme, p) for p in (1, 2, 3, 4, 6)] == [50, 60, 75, 87, 111]


def test_income_is_compared_exactly(households: list[Household], scheme: Scheme) -> None:
    e = replace(households[4], needs_wheelchair=False)
    flat = Flat(
        "X", "L", Decimal(3), Decimal(80), Decimal(500), False, False, "1", date(2026, 1, 1)
    )
    assert is_eligible(e, flat, scheme)  # income 41757 equals the limit
    assert not is_eligible(replace(e, income_eur=Decimal("41757.01")), flat, scheme)
    assert is_eligible(
        replace(e, income_eur=Decimal("66811.20")), replace(flat, funding_path="2"), scheme
    )
    assert not is_eligible(
        replace(e, income_eur=Decimal("66811.21")), replace(flat, funding_path="2"), scheme
    )


def test_shortlist_by_hand(households: list[Household], flats: list[Flat], scheme: Scheme) -> None:
    result = shortlist(households, flats, scheme)
    rows = [(n.flat_id, n.rank, n.household_id, n.points, n.key) for n in result.nominations]
    # Flats in order W1, W2 (same date, by id), W3. A is too big for nothing but W1 (50 m²);
    # C needs step-free (W2 only); E needs a wheelchair flat and W3 is larger than 87 m².
    assert rows == [
        ("W1", 1, "A", 80, 1),
        ("W1", 2, "B", 70, 2),
        ("W1", 3, "D", 40, 3),
        ("W2", 1, "C", 40, 4),
    ]
    assert result.unplaced == (Unplaced("E", "no_eligible_flat"),)
    assert result.audit["flats_without_nominee"] == 1
    assert result.audit["nominees"]["points"] == {"40": 2, "70": 1, "80": 1}


def test_optimal_by_hand(households: list[Household], flats: list[Flat], scheme: Scheme) -> None:
    result = allocate(households, flats, scheme, "optimal")
    # A takes W1, B then W2; D and C would need W1 or W2 as well: outranked.
    assert [(a.flat_id, a.household_id) for a in result.assignments] == [("W1", "A"), ("W2", "B")]
    assert [(u.household_id, u.reason) for u in result.unplaced] == [
        ("D", "outranked"),
        ("C", "outranked"),
        ("E", "no_eligible_flat"),
    ]


def test_deferred_acceptance_by_hand(
    households: list[Household], flats: list[Flat], scheme: Scheme
) -> None:
    ids = [h.household_id for h in households]
    prefs = parse_preferences(PREFERENCES_CSV, "p.csv", ids, [f.flat_id for f in flats])
    result = allocate(households, flats, scheme, "deferred-acceptance", preferences=prefs)
    # C proposes to W2, which holds B (key 2 beats key 4).
    assert [(a.flat_id, a.household_id) for a in result.assignments] == [("W1", "A"), ("W2", "B")]


def test_rent_above_cap_is_listed_as_cost_coverage_exception(
    households: list[Household], flats: list[Flat], scheme: Scheme
) -> None:
    capped = replace(
        households[1], household_id="G", rent_cap_eur=Decimal(400), criteria=frozenset()
    )
    result = shortlist([capped], flats, scheme)
    # W1 (430 €) and W2 (510 €) meet rules 1–4 for two persons, both exceed the 400 € cap.
    assert result.nominations == ()
    assert result.unplaced == (
        Unplaced("G", "needs_cost_coverage_exception", "W1"),
        Unplaced("G", "needs_cost_coverage_exception", "W2"),
    )
    at_cap = shortlist([replace(capped, rent_cap_eur=Decimal("430.00"))], flats, scheme)
    assert [n.flat_id for n in at_cap.nominations] == ["W1"]


def test_single_flat_call_for_the_web_app(
    households: list[Household], flats: list[Flat], scheme: Scheme
) -> None:
    result = shortlist(households, flats[0], scheme, n=5)  # W2
    assert [n.household_id for n in result.nominations] == ["B", "D", "C"]


def test_optimal_moves_an_earlier_household_along_an_augmenting_path(scheme: Scheme) -> None:
    day = date(2026, 2, 1)
    f1 = Flat("F1", "L", Decimal(1), Decimal(45), Decimal(500), True, False, "1", day)
    f2 = Flat("F2", "L", Decimal(1), Decimal(45), Decimal(400), False, False, "1", day)
    base = Household("H1", date(2020, 1, 1), 1, 0, Decimal(9000), date(2027, 1, 1), None)
    h1 = replace(base, criteria=frozenset({"homeless"}))  # F1 or F2; both flats equally wanted
    h2 = replace(base, household_id="H2", criteria=frozenset({"overcrowded"}), needs_step_free=True)
    h3 = replace(base, household_id="H3", rent_cap_eur=Decimal(450))  # F2 only
    result = allocate([h3, h2, h1], [f2, f1], scheme, "optimal")
    # H1 first takes F1 (tie, lower index); H2 needs F1, so H1 moves to F2; H3 is outranked.
    assert [(a.flat_id, a.household_id) for a in result.assignments] == [("F1", "H2"), ("F2", "H1")]
    assert [(u.household_id, u.reason) for u in result.unplaced] == [("H3", "outranked")]
