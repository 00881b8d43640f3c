"""Fuzzing the forecast input upload through ``services.upload_inputs`` (the view's service):
mutated ZIP archives of the demo's input folder are stored or refused with a German message
naming file and line, never with an unhandled error, and a refused archive writes nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wohnbuendnis import demo
from wohnbuendnis.forecast import services
from wohnbuendnis.forecast.models import InputData
from wohnbuendnis.lib.tests import fuzzing

pytestmark = pytest.mark.demo_parts("forecast")


def forecast_zip(keys: Sequence[str] = tuple(f"{i:02d}" for i in range(1, 9))) -> bytes:
    """The demo's forecast input folder for ``keys`` as a ZIP archive (as uploaded)."""
    with tempfile.TemporaryDirectory() as tmp:
        demo.forecast_demo.write_inputs(Path(tmp), np.random.default_rng(1), list(keys))
        return fuzzing.zip_members({p.name: p.read_bytes() for p in sorted(Path(tmp).iterdir())})


STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(fuzzing.MUTATIONS)), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)


def _upload(demo_alliance, fachamt, data: bytes) -> None:
    before = InputData.objects.count()
    with translation.override("de"):
        try:
            services.upload_inputs(
                demo_alliance, demo_alliance.area, fachamt, "fuzz", ContentFile(data, "in.zip")
            )
        except ValidationError as error:
            (message,) = error.messages
            assert message.startswith("Die Eingangsdaten sind fehlerhaft: "), message
            assert not fuzzing.looks_english(message), message
            assert InputData.objects.count() == before
            return
    assert InputData.objects.count() == before + 1


def test_the_seed_is_accepted(demo_alliance, fachamt):
    _upload(demo_alliance, fachamt, forecast_zip())
    assert InputData.objects.filter(name="fuzz").exists()


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_mutated_input_archives_are_refused_with_a_german_message(demo_alliance, fachamt, steps):
    data = fuzzing.apply(SEED, steps, archive=True)
    _upload(demo_alliance, fachamt, data)


SEED = forecast_zip()


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "ZIP"),  # a corrupt archive
        (fuzzing.mutate_member(SEED, "value", 3 * 1), "line"),  # a bad cell in a member
    ],
)
def test_corrupt_archives_and_cells_are_named(demo_alliance, fachamt, data, where):
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        services.upload_inputs(
            demo_alliance, demo_alliance.area, fachamt, "x", ContentFile(data, "in.zip")
        )
    message = caught.value.messages[0]
    assert ("Zeile" in message) if where == "line" else ("ZIP" in message), message
