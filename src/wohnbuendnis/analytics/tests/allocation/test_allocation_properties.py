"""Invariants of the three mechanisms on random small instances (hypothesis).

Oracles are written independently of the engine's vectorised code: eligibility via the scalar
rules, the key by a Python sort, the matroid-greedy set by brute-force matchability.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wohnbuendnis.analytics.allocation import (
    Flat,
    Household,
    Preference,
    Scheme,
    allocate,
    draw_lottery,
    is_eligible,
    points,
    shortlist,
)
from wohnbuendnis.analytics.allocation.eligibility import base_rules_hold
from wohnbuendnis.analytics.io.allocation_files import write_allocation
from wohnbuendnis.analytics.tests.allocation.allocation_data import make_scheme

SCHEME: Scheme = make_scheme()
CRITERIA = sorted(SCHEME.criteria)
PROPERTY = settings(max_examples=60, deadline=None)


@st.composite
def households(draw: st.DrawFn) -> list[Household]:
    count = draw(st.integers(0, 9))
    rows = []
    for i in range(count):
        persons = draw(st.integers(1, 5))
        rows.append(
            Household(
                household_id=f"h{i}",
                registered_on=date(2020, 1, draw(st.integers(1, 3))),
                persons=persons,
                children=draw(st.integers(0, persons - 1)),
                income_eur=Decimal(draw(st.sampled_from([9000, 25000, 30000, 42000, 60000]))),
                entitlement_valid_until=draw(
                    st.sampled_from([None, date(2025, 12, 31), date(2026, 1, 1), date(2027, 1, 1)])
                ),
                rent_cap_eur=draw(st.sampled_from([None, Decimal(450), Decimal(600)])),
                needs_step_free=draw(st.booleans()),
                needs_wheelchair=draw(st.integers(0, 4)) == 0,
                criteria=frozenset(draw(st.lists(st.sampled_from(CRITERIA), max_size=3))),
                lottery=draw(st.sampled_from([None, None, (i * 0.37) % 1])),
            )
        )
    return rows


@st.composite
def flats(draw: st.DrawFn) -> list[Flat]:
    rows = []
    for j in range(draw(st.integers(0, 5))):
        wheelchair = draw(st.integers(0, 3)) == 0
        rows.append(
            Flat(
                flat_id=f"f{j}",
                landlord_id="L",
                rooms=Decimal(2),
                area_m2=Decimal(draw(st.sampled_from([40, 55, 70, 90]))),
                rent_gross_eur=Decimal(draw(st.sampled_from([400, 500, 650]))),
                step_free=wheelchair or draw(st.booleans()),
                wheelchair=wheelchair,
                funding_path=draw(st.sampled_from(["1", "2"])),
                available_from=date(2026, 2, draw(st.integers(1, 2))),
            )
        )
    return rows


def key_order(hs: Sequence[Household], seed: int) -> list[Household]:
    """Entitled households, most urgent first: points ↓, registration ↑, lottery ↑, id."""
    entitled = [
        h
        for h in hs
        if h.entitlement_valid_until and h.entitlement_valid_until >= SCHEME.reference_date
    ]

    def lottery(h: Household) -> float:
        return draw_lottery(h.household_id, seed) if h.lottery is None else h.lottery

    return sorted(
        entitled, key=lambda h: (-points(h, SCHEME), h.registered_on, lottery(h), h.household_id)
    )


def flat_order(fs: Sequence[Flat]) -> list[Flat]:
    return sorted(fs, key=lambda f: (f.available_from, f.flat_id))


def matchable(chosen: Sequence[Household], fs: Sequence[Flat]) -> bool:
    return any(
        all(is_eligible(h, f, SCHEME) for h, f in zip(chosen, perm, strict=True))
        for perm in itertools.permutations(fs, len(chosen))
    )


def expected_reasons(
    left: Sequence[Household], fs: Sequence[Flat]
) -> list[tuple[str, str, str | None]]:
    rows: list[tuple[str, str, str | None]] = []
    for h in left:
        if any(is_eligible(h, f, SCHEME) for f in fs):
            rows.append((h.household_id, "outranked", None))
            continue
        only_rent = [f for f in flat_order(fs) if base_rules_hold(h, f, SCHEME)]
        rows += [(h.household_id, "needs_cost_coverage_exception", f.flat_id) for f in only_rent]
        if not only_rent:
            rows.append((h.household_id, "no_eligible_flat", None))
    return rows


@PROPERTY
@given(households(), flats(), st.integers(0, 3), st.integers(0, 2**32))
def test_shortlists_are_the_top_n_free_eligible_by_key(
    hs: list[Household], fs: list[Flat], extra: int, seed: int
) -> None:
    n = 3 + extra
    result = shortlist(hs, fs, SCHEME, n, seed=seed)
    if n == 3:
        assert allocate(hs, fs, SCHEME, "shortlist", seed=seed) == result
    ranked = key_order(hs, seed)
    taken: set[str] = set()
    expected = []
    for flat in flat_order(fs):
        picked = [
            h for h in ranked if h.household_id not in taken and is_eligible(h, flat, SCHEME)
        ][:n]
        taken |= {h.household_id for h in picked}
        key = {h.household_id: k for k, h in enumerate(ranked, start=1)}
        expected += [
            (flat.flat_id, r, h.household_id, key[h.household_id]) for r, h in enumerate(picked, 1)
        ]
    got = [(x.flat_id, x.rank, x.household_id, x.key) for x in result.nominations]
    assert got == expected
    ids = [x.household_id for x in result.nominations]
    assert len(ids) == len(set(ids))
    by_id = {h.household_id: h for h in hs}
    flat_by_id = {f.flat_id: f for f in fs}
    assert all(
        is_eligible(by_id[x.household_id], flat_by_id[x.flat_id], SCHEME)
        for x in result.nominations
    )
    left = [h for h in ranked if h.household_id not in taken]
    assert [(u.household_id, u.reason, u.flat_id) for u in result.unplaced] == expected_reasons(
        left, fs
    )


@PROPERTY
@given(households(), flats(), st.integers(0, 2**32))
def test_optimal_set_is_the_matroid_greedy_set(
    hs: list[Household], fs: list[Flat], seed: int
) -> None:
    result = allocate(hs, fs, SCHEME, "optimal", seed=seed)
    chosen: list[Household] = []
    for h in key_order(hs, seed):
        if matchable([*chosen, h], fs):
            chosen.append(h)
    assert {a.household_id for a in result.assignments} == {h.household_id for h in chosen}
    by_id = {h.household_id: h for h in hs}
    flat_by_id = {f.flat_id: f for f in fs}
    assert all(
        is_eligible(by_id[a.household_id], flat_by_id[a.flat_id], SCHEME)
        for a in result.assignments
    )
    assert len({a.flat_id for a in result.assignments}) == len(result.assignments)


@st.composite
def preferences(draw: st.DrawFn, hs: list[Household], fs: list[Flat]) -> list[Preference]:
    rows = []
    for h in hs:
        wished = draw(st.permutations([f.flat_id for f in fs]))[: draw(st.integers(0, len(fs)))]
        rows += [Preference(h.household_id, f, r) for r, f in enumerate(wished, start=1)]
    return rows


@PROPERTY
@given(st.data())
def test_deferred_acceptance_is_stable_and_eligible(data: st.DataObject) -> None:
    hs, fs = data.draw(households()), data.draw(flats())
    prefs = data.draw(preferences(hs, fs))
    result = allocate(hs, fs, SCHEME, "deferred-acceptance", preferences=prefs, seed=1)
    holder = {a.flat_id: a.household_id for a in result.assignments}
    home = {a.household_id: a.flat_id for a in result.assignments}
    key = {h.household_id: k for k, h in enumerate(key_order(hs, 1))}
    by_id, flat_by_id = {h.household_id: h for h in hs}, {f.flat_id: f for f in fs}
    wishes = {(p.household_id, p.flat_id): p.rank for p in prefs}
    for hid, fid in home.items():
        assert is_eligible(by_id[hid], flat_by_id[fid], SCHEME) and (hid, fid) in wishes
    for (hid, fid), rank in wishes.items():
        own = wishes.get((hid, home.get(hid, "")), 10**6)
        if rank < own and is_eligible(by_id[hid], flat_by_id[fid], SCHEME):
            assert fid in holder and key[holder[fid]] < key[hid], "blocking pair"


@PROPERTY
@given(
    households(),
    flats(),
    st.sampled_from(["shortlist", "optimal"]),
    st.randoms(use_true_random=False),
)
def test_row_order_changes_nothing(
    hs: list[Household], fs: list[Flat], mechanism: str, rnd: random.Random
) -> None:
    first = allocate(hs, fs, SCHEME, mechanism, seed=7)
    rnd.shuffle(hs)
    rnd.shuffle(fs)
    assert allocate(hs, fs, SCHEME, mechanism, seed=7) == first


@settings(max_examples=15, deadline=None)
@given(households(), flats(), st.sampled_from(["shortlist", "optimal"]))
def test_same_seed_gives_byte_identical_files(
    tmp_path_factory: object, hs: list[Household], fs: list[Flat], mechanism: str
) -> None:
    outputs = []
    for _ in range(2):
        folder = tmp_path_factory.mktemp("out")  # type: ignore[attr-defined]
        paths = write_allocation(folder, allocate(hs, fs, SCHEME, mechanism, seed=3))
        outputs.append([p.read_bytes() for p in paths])
    assert outputs[0] == outputs[1]
