"""Fuzzing the priority list (``scheme.toml``) through ``services.create_scheme_version``, the
service of the rules page: a mutated list is stored or refused with a German message naming
line and key, never with an unhandled error, and a refused list stores no version."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wohnbuendnis.allocation import engine, services
from wohnbuendnis.allocation.models import PriorityScheme
from wohnbuendnis.lib.tests import fuzzing

STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(fuzzing.MUTATIONS)), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)
TOML_VALUES = st.sampled_from(
    ["10**20", "100000000000000000000", "-1", "nan", "inf", "1800-01-01", "[]", '""', "[[[[1]]]]",
     "{}", "1e308", "true", '"drei"', "3.5", "[" * 3000 + "]" * 3000]
)  # fmt: skip
KEYS = st.sampled_from(
    ["nominees_per_flat", "reference_date", "max_points", "homeless", "base_1", "1", "tie_break",
     "per_further_person_m2"]
)  # fmt: skip


def _store(city, user, toml: str) -> None:
    before = PriorityScheme.objects.count()
    with translation.override("de"):
        try:
            services.create_scheme_version(
                city, user, toml=toml, decided_on=datetime.date(2026, 3, 1), decided_by="Plenum"
            )
        except ValidationError as error:
            (message,) = error.messages
            assert message.startswith("Die Regeln sind ungültig: "), message
            assert not fuzzing.looks_english(message), message
            assert PriorityScheme.objects.count() == before
            return
    assert PriorityScheme.objects.count() == before + 1


FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(steps=STEPS)
def test_mutated_priority_lists_are_refused_with_a_german_message(city, koordination, steps):
    seed = engine.current_scheme(city).toml.encode()
    data = fuzzing.apply(seed, steps)
    _store(city, koordination, data.decode("utf-8", errors="replace"))


@FUZZ
@given(key=KEYS, value=TOML_VALUES)
def test_implausible_values_of_each_rule_are_refused(city, koordination, key, value):
    lines = engine.current_scheme(city).toml.splitlines()
    edited = [f"{key} = {value}" if line.split("=")[0].strip() == key else line for line in lines]
    _store(city, koordination, "\n".join(edited) + "\n")


@pytest.mark.parametrize(
    "toml",
    ["", "nominees_per_flat = 100000000000000000000", "reference_date = 1800-01-01",
     "tie_break = []", "x = " + "[" * 5000 + "]" * 5000],
)  # fmt: skip
def test_the_probes_findings_are_refused(city, koordination, toml):
    with pytest.raises(ValidationError):
        base = engine.current_scheme(city).toml
        key = toml.split("=")[0].strip()
        lines = [line for line in base.splitlines() if line.split("=")[0].strip() != key]
        services.create_scheme_version(
            city, koordination, toml="\n".join([toml, *lines]) if toml else "",
            decided_on=datetime.date(2026, 3, 1), decided_by="Plenum",
        )  # fmt: skip
