"""Fuzzing the official projection reader: mutated GENESIS and office files are read or
refused with a code that has a German text (and a line where it concerns a row), never with
an unhandled error."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from wohnbuendnis.forecast.engine import InputError, parse_official_projection
from wohnbuendnis.lib import input_errors
from wohnbuendnis.lib.tests import fuzzing

SEEDS = {
    "genesis": fuzzing.official_projection_csv(),
    "office": fuzzing.office_projection_csv(),
}
STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(fuzzing.MUTATIONS)), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_the_seeds_are_read(seed):
    result = parse_official_projection(SEEDS[seed], f"{seed}.csv")
    assert len(result.years) >= 3 and min(result.population) > 0


@pytest.mark.parametrize("seed", sorted(SEEDS))
@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_a_mutated_file_is_read_or_refused_in_german(seed, steps):
    data = fuzzing.apply(SEEDS[seed], steps)
    try:
        parse_official_projection(data, "vorausberechnung.csv")
    except InputError as error:
        with translation.override("de"):
            german = input_errors.message(error)
        faults = fuzzing.problem_faults(error.code, error.line, german, row_file=True)
        assert not faults, (faults, german)
        assert not fuzzing.looks_english(german), german
