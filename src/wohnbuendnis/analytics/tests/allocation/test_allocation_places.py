"""N places per flat (optimal and deferred acceptance with N nominees), the TOML writer and
the rank changes of a draft priority list."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wohnbuendnis.analytics.allocation import (
    Flat,
    Household,
    Preference,
    deferred_acceptance_allocation,
    is_eligible,
    optimal,
)
from wohnbuendnis.analytics.allocation.places import (
    deferred_acceptance_nominations,
    optimal_nominations,
)
from wohnbuendnis.analytics.allocation.ranking import bands, rank_changes
from wohnbuendnis.analytics.io.allocation_scheme import format_scheme, parse_scheme
from wohnbuendnis.analytics.tests.allocation.allocation_data import SCHEME_TOML, make_scheme
from wohnbuendnis.analytics.tests.allocation.test_allocation_properties import (
    flats as flat_lists,
)
from wohnbuendnis.analytics.tests.allocation.test_allocation_properties import (
    households as household_lists,
)
from wohnbuendnis.analytics.tests.allocation.test_allocation_properties import preferences

SCHEME = make_scheme()


def _household(hid: str, persons: int = 2, criteria: frozenset[str] = frozenset()) -> Household:
    return Household(
        hid, date(2024, 1, int(hid[1:]) % 28 + 1), persons, 0, Decimal(15000),
        date(2030, 1, 1), None, criteria=criteria,
    )  # fmt: skip


def _flat(fid: str, area: int = 55) -> Flat:
    return Flat(
        fid, "L1", Decimal(2), Decimal(area), Decimal(600), False, False, "1", date(2026, 2, 1)
    )


def test_optimal_with_three_places_gives_every_flat_three_eligible_nominees() -> None:
    # 4 flats, 14 households: 12 places, every one can be filled
    households = [_household(f"h{i}", persons=1 + i % 3) for i in range(14)]
    flats = [_flat(f"f{i}", area=45 + 5 * i) for i in range(4)]
    result = optimal_nominations(households, flats, SCHEME, 3, seed=1)
    by_flat: dict[str, list[str]] = {}
    for row in result.nominations:
        by_flat.setdefault(row.flat_id, []).append(row.household_id)
    assert sorted(by_flat) == ["f0", "f1", "f2", "f3"]
    named = {h.household_id: h for h in households}
    flat_of = {f.flat_id: f for f in flats}
    for flat_id, ids in by_flat.items():
        assert len(ids) == 3
        assert all(is_eligible(named[h], flat_of[flat_id], SCHEME) for h in ids)
    assert len({h for ids in by_flat.values() for h in ids}) == 12  # nobody twice
    ranks = [row.rank for row in result.nominations if row.flat_id == "f0"]
    assert ranks == [1, 2, 3]


def test_optimal_with_three_places_fills_a_narrow_flat_too() -> None:
    # f1 (75 m²) suits only the 3-person households (singles: at most 50 m²), f0 (50 m²)
    # everybody; the 3-person households are the most urgent. A shortlist by flat gives them
    # to f0 and leaves f1 empty; three places per flat place all six.
    large = [_household(f"h{i}", persons=3) for i in range(3)]
    singles = [_household(f"h{i}", persons=1) for i in range(3, 6)]
    flats = [_flat("f0", area=50), _flat("f1", area=75)]
    result = optimal_nominations(large + singles, flats, SCHEME, 3, seed=0)
    got = {(row.flat_id, row.household_id) for row in result.nominations}
    assert got == {("f1", "h0"), ("f1", "h1"), ("f1", "h2"),
                   ("f0", "h3"), ("f0", "h4"), ("f0", "h5")}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(households=household_lists(), flats=flat_lists())
def test_one_place_is_the_spec_optimal(households: list[Household], flats: list[Flat]) -> None:
    one = optimal_nominations(households, flats, SCHEME, 1, seed=3)
    spec = optimal(households, flats, SCHEME, seed=3)
    assert {r.household_id for r in one.nominations} == {a.household_id for a in spec.assignments}


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_one_place_is_the_spec_deferred_acceptance(data: st.DataObject) -> None:
    hs = data.draw(household_lists())
    fs = data.draw(flat_lists())
    prefs: list[Preference] = data.draw(preferences(hs, fs))
    one = deferred_acceptance_nominations(hs, fs, SCHEME, prefs, 1, seed=5)
    spec = deferred_acceptance_allocation(hs, fs, SCHEME, prefs, seed=5)
    assert {(r.flat_id, r.household_id) for r in one.nominations} == {
        (a.flat_id, a.household_id) for a in spec.assignments
    }


def test_deferred_acceptance_with_a_quota_keeps_the_most_urgent_per_flat() -> None:
    urgent = frozenset({"homeless"})
    hs = [_household("h1", criteria=urgent), _household("h2"), _household("h3")]
    fs = [_flat("f1"), _flat("f2")]
    prefs = [
        Preference("h1", "f1", 1), Preference("h2", "f1", 1), Preference("h3", "f1", 1),
        Preference("h3", "f2", 2),
    ]  # fmt: skip
    result = deferred_acceptance_nominations(hs, fs, SCHEME, prefs, 2, seed=0)
    rows = {(r.flat_id, r.rank, r.household_id) for r in result.nominations}
    # f1 holds two: h1 (most urgent) first; h2 registered before h3, h3 goes to f2
    assert rows == {("f1", 1, "h1"), ("f1", 2, "h2"), ("f2", 1, "h3")}


def test_the_toml_writer_round_trips_the_example_and_variants() -> None:
    scheme = parse_scheme(SCHEME_TOML, "scheme.toml")
    assert parse_scheme(format_scheme(scheme), "x") == scheme
    changed = dataclasses.replace(
        scheme,
        criteria={**scheme.criteria, "new_one": 7},
        tie_break=("registered_on_asc", "points_desc"),
        occupancy_rules=None,
    )
    assert parse_scheme(format_scheme(changed), "x") == changed
    text = format_scheme(changed)
    assert "[occupancy_rules]" not in text and "new_one = 7" in text


def test_rank_changes_equal_a_hand_computation() -> None:
    # points now: h1 60 (homeless), h2 30 (overcrowded), h4 10 (single parent), h3 0
    # draft: overcrowded 70 → h2 first, h1 second; h4 and h3 keep places 3 and 4
    hs = [
        _household("h1", criteria=frozenset({"homeless"})),
        _household("h2", criteria=frozenset({"overcrowded"})),
        _household("h3"),
        _household("h4", criteria=frozenset({"single_parent"})),
    ]
    draft = dataclasses.replace(SCHEME, criteria={**SCHEME.criteria, "overcrowded": 70})
    changes = {c.household_id: c for c in rank_changes(hs, SCHEME, draft, seed=0)}
    assert [(changes[h].old_rank, changes[h].new_rank) for h in ("h1", "h2", "h3", "h4")] == [
        (1, 2), (2, 1), (4, 4), (3, 3),
    ]  # fmt: skip
    assert changes["h2"].moved_up == 1 and changes["h1"].moved_up == -1
    first = bands(list(changes.values()))[0]
    assert (first.low, first.high, first.up, first.down) == (1, 5, 1, 1)
    assert all(b.up == b.down == 0 for b in bands(list(changes.values()))[1:])
