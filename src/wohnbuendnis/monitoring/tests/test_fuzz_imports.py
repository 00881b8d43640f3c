"""Fuzzing every monitoring importer through the services the views call (issue 10): mutated
real-ish files of each kind go through ``preview_import`` and ``commit_import``. Whatever the
file, nothing raises but a ValidationError of the commit, every problem has an error code with
a German text (a line where it concerns a row), and a refused file writes nothing.

The budget is small (see ``EXAMPLES``); ``benchmarks/fuzz_imports.py`` runs 100,000+ files.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib.tests import fuzzing
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportBatch, ImportKind, Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

EXAMPLES = 40
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(fuzzing.MUTATIONS)), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)


def _seeds(alliance) -> dict[str, tuple[str, str, bytes]]:
    """kind label → (import kind, file name, seed bytes) for the demo alliance."""
    children = list(alliance.area.children.order_by("key"))
    keys = [a.key for a in children]
    names = [a.name for a in children]
    return {
        "observations": (ImportKind.OBSERVATIONS, "obs.csv", fuzzing.observations_csv(keys)),
        "genesis": (ImportKind.GENESIS, "12411.csv", fuzzing.genesis_table(keys)),
        "koeln": (ImportKind.KOELN, "koeln.csv", fuzzing.koeln_csv(keys)),
        "kiel_population": (
            ImportKind.KIEL_POPULATION, "kiel.csv", fuzzing.kiel_population_csv(keys)
        ),
        "kiel_xlsx": (ImportKind.KIEL_POPULATION, "kiel.xlsx", fuzzing.kiel_population_xlsx(keys)),
        "kiel_households": (
            ImportKind.KIEL_HOUSEHOLDS, "haushalte.csv", fuzzing.kiel_households_csv(names)
        ),
        "hamburg": (ImportKind.HAMBURG, "hamburg.csv", fuzzing.hamburg_csv(names)),
        "zensus": (ImportKind.ZENSUS, "zensus.csv", fuzzing.zensus_csv(alliance.area.key)),
        "konstanz": (ImportKind.KONSTANZ, "konstanz.zip", fuzzing.konstanz_zip()),
        "boundaries": (ImportKind.BOUNDARIES, "grenzen.geojson", fuzzing.geojson(keys)),
    }  # fmt: skip


def _counts() -> tuple[int, int, int]:
    return Observation.objects.count(), Area.objects.count(), ImportBatch.objects.count()


def _check(alliance, label: str, data: bytes) -> None:
    kind, name, _seed = _seeds(alliance)[label]
    options = {"indicator": "population"} if kind == ImportKind.GENESIS else {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        before = _counts()
        with translation.override("de"):
            preview = services.preview_import(alliance, path, kind, None, options)
            faults = []
            for problem in preview.problems:
                faults += fuzzing.problem_faults(
                    problem.code, problem.line, problem.text, row_file=kind != "boundaries"
                )
                assert not fuzzing.looks_english(problem.text), problem.text
            assert not faults, (faults, preview.problems[:3])
            assert _counts() == before
            if preview.ok:
                return
            with pytest.raises(ValidationError) as caught:
                services.commit_import(alliance, path, kind, None, options)
            assert "nichts importiert" in caught.value.messages[0]
        assert _counts() == before


@pytest.mark.parametrize(
    "label",
    ["observations", "genesis", "koeln", "kiel_population", "kiel_xlsx", "kiel_households",
     "hamburg", "zensus", "konstanz", "boundaries"],
)  # fmt: skip
def test_mutated_files_of_every_kind_are_refused_with_a_german_message(demo_alliance, label):
    _kind, _name, seed = _seeds(demo_alliance)[label]
    archive = label in ("konstanz", "kiel_xlsx")

    @FUZZ
    @given(steps=STEPS)
    def run(steps):
        _check(demo_alliance, label, fuzzing.apply(seed, steps, archive=archive))

    run()


@pytest.mark.parametrize("label", ["observations", "genesis", "koeln", "boundaries", "konstanz"])
def test_the_seeds_themselves_are_accepted(demo_alliance, label):
    kind, name, seed = _seeds(demo_alliance)[label]
    options = {"indicator": "population"} if kind == ImportKind.GENESIS else {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(seed)
        preview = services.preview_import(demo_alliance, path, kind, None, options)
    assert preview.ok, preview.problems


@pytest.mark.parametrize(
    ("label", "mutation", "code"),
    [
        ("genesis", "bom", None),  # a BOM on a Latin-1 file was a UnicodeDecodeError (500)
        ("kiel_population", "line_ends", None),  # CR-only line ends
        ("observations", "value", "number_not_finite"),
    ],
)
def test_the_probes_findings_are_messages_not_errors(demo_alliance, label, mutation, code):
    _kind, _name, seed = _seeds(demo_alliance)[label]
    data = fuzzing.MUTATIONS[mutation](seed, 0 if mutation != "value" else 2)
    _check(demo_alliance, label, data)
