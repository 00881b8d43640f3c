"""The optional occupancy rules (``[occupancy_rules]``, part of rule 3): a flat too small for a
household is not eligible, old schemes without the section keep their results and hash."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wohnbuendnis.analytics.allocation import (
    FitCheck,
    Flat,
    Household,
    OccupancyRules,
    allocate,
    fit_checks,
    is_eligible,
    optimal,
    scheme_hash,
    shortlist,
)
from wohnbuendnis.analytics.allocation.eligibility import (
    MAX_AREA,
    MIN_AREA,
    MIN_ROOMS,
    build_index,
    eligible_pairs,
)
from wohnbuendnis.analytics.io.allocation_scheme import parse_scheme
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.tests.allocation.allocation_data import SCHEME_TOML, make_scheme
from wohnbuendnis.analytics.tests.allocation.test_allocation_properties import (
    PROPERTY,
    flats,
    households,
)

OCCUPANCY_TOML = """
[occupancy_rules]
rooms_at_least_persons_minus = 1
min_m2_per_person = 9
"""
RULES = OccupancyRules(rooms_at_least_persons_minus=1, min_m2_per_person=Decimal(9))
WITH_RULES = replace(make_scheme(), occupancy_rules=RULES)

FLAT_72 = Flat(
    flat_id="W72", landlord_id="L1", rooms=Decimal(3), area_m2=Decimal(72),
    rent_gross_eur=Decimal(700), step_free=False, wheelchair=False, funding_path="1",
    available_from=date(2026, 2, 1),
)  # fmt: skip


def household(hid: str, persons: int, children: int = 0) -> Household:
    return Household(
        household_id=hid, registered_on=date(2020, 1, 1), persons=persons, children=children,
        income_eur=Decimal(20000), entitlement_valid_until=date(2027, 1, 1), rent_cap_eur=None,
        criteria=frozenset({"homeless"}),
    )  # fmt: skip


def test_six_persons_are_kept_off_a_72_m2_three_room_flat() -> None:
    six = household("six", 6, 4)
    # within the largest size (75 + 3 × 12 = 111 m²) and the income limit: only the rooms fail
    assert is_eligible(six, FLAT_72, make_scheme())
    assert not is_eligible(six, FLAT_72, WITH_RULES)
    assert fit_checks(6, FLAT_72, WITH_RULES) == (
        FitCheck(MAX_AREA, Decimal(111), Decimal(72), True),
        FitCheck(MIN_ROOMS, Decimal(5), Decimal(3), False),
        FitCheck(MIN_AREA, Decimal(54), Decimal(72), True),
    )
    four = household("four", 4, 2)  # 3 rooms ≥ 4 − 1, 72 m² ≥ 36 m²
    assert is_eligible(four, FLAT_72, WITH_RULES)
    result = shortlist([six, four], [FLAT_72], WITH_RULES)
    assert [n.household_id for n in result.nominations] == ["four"]
    assert [(u.household_id, u.reason) for u in result.unplaced] == [("six", "no_eligible_flat")]
    # without the rules (an old scheme) the six-person household is named
    assert "six" in {n.household_id for n in shortlist([six], [FLAT_72], make_scheme()).nominations}
    assert optimal([six], [FLAT_72], WITH_RULES).assignments == ()


def test_area_per_person_is_checked_alone_too() -> None:
    area_only = replace(
        make_scheme(), occupancy_rules=OccupancyRules(min_m2_per_person=Decimal(13))
    )
    small = replace(FLAT_72, rooms=Decimal(5), area_m2=Decimal(65))  # 5 × 13 = 65: just fits
    assert is_eligible(household("five", 5, 3), small, area_only)
    assert not is_eligible(
        household("five", 5, 3), replace(small, area_m2=Decimal("64.9")), area_only
    )
    assert [c.rule for c in fit_checks(5, small, area_only)] == [MAX_AREA, MIN_AREA]
    assert [c.rule for c in fit_checks(5, small, make_scheme())] == [MAX_AREA]


def test_the_section_is_optional_and_old_schemes_keep_their_hash() -> None:
    old = parse_scheme(SCHEME_TOML, "scheme.toml")
    assert old.occupancy_rules is None
    assert scheme_hash(old) == scheme_hash(make_scheme())
    new = parse_scheme(SCHEME_TOML + OCCUPANCY_TOML, "scheme.toml")
    assert new.occupancy_rules == RULES
    assert scheme_hash(new) != scheme_hash(old)
    rooms_only = parse_scheme(
        SCHEME_TOML + "[occupancy_rules]\nrooms_at_least_persons_minus = 0\n", "scheme.toml"
    )
    assert rooms_only.occupancy_rules == OccupancyRules(rooms_at_least_persons_minus=0)


@pytest.mark.parametrize(
    ("section", "code", "column"),
    [
        ("[occupancy_rules]\nrooms_per_person = 1\n", Code.KEY_UNKNOWN,
         "occupancy_rules.rooms_per_person"),
        ("[occupancy_rules]\nrooms_at_least_persons_minus = -1\n", Code.TOML_INTEGER_RANGE,
         "occupancy_rules.rooms_at_least_persons_minus"),
        ("[occupancy_rules]\nmin_m2_per_person = 0\n", Code.TOML_NUMBER_RANGE,
         "occupancy_rules.min_m2_per_person"),
        ("[occupancy_rules]\nmin_m2_per_person = 500\n", Code.TOML_NUMBER_RANGE,
         "occupancy_rules.min_m2_per_person"),
        ("[occupancy_rules]\n", Code.TOML_TABLE, "occupancy_rules"),
    ],
)  # fmt: skip
def test_a_wrong_section_names_line_and_key(section: str, code: Code, column: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_scheme(SCHEME_TOML + section, "scheme.toml")
    assert caught.value.code == code
    assert caught.value.column == column
    assert caught.value.line is not None and caught.value.line > SCHEME_TOML.count("\n")


@st.composite
def sized_flats(draw: st.DrawFn) -> list[Flat]:
    """The property tests' flats with 1 to 5 rooms."""
    return [replace(f, rooms=Decimal(draw(st.integers(1, 5)))) for f in draw(flats())]


@PROPERTY
@given(households(), sized_flats(), st.integers(0, 2**32))
def test_vectorised_engine_equals_the_scalar_rules(
    hs: list[Household], fs: list[Flat], seed: int
) -> None:
    if hs and fs:
        ix = build_index(hs, fs, WITH_RULES)
        pairs = [(i, j) for i in range(len(hs)) for j in range(len(fs))]
        got = eligible_pairs(
            ix,
            np.array([i for i, _ in pairs], dtype=np.int64),
            np.array([j for _, j in pairs], dtype=np.int64),
        )
        assert got.tolist() == [is_eligible(hs[i], fs[j], WITH_RULES) for i, j in pairs]
    by_id, flat_by_id = {h.household_id: h for h in hs}, {f.flat_id: f for f in fs}
    for mechanism in ("shortlist", "optimal"):
        result = allocate(hs, fs, WITH_RULES, mechanism, seed=seed)
        placed = [(x.household_id, x.flat_id) for x in result.nominations] + [
            (x.household_id, x.flat_id) for x in result.assignments
        ]
        assert all(is_eligible(by_id[h], flat_by_id[f], WITH_RULES) for h, f in placed)
