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

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.analytics.io.errors import Code
from wohnbuendnis.areas.models import Area, AreaLevel
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


#: The cities whose own tables are fuzzed: (official key, name, districts key → name). A
#: city's table is imported only into an alliance of that city (issue 13).
CITIES = {
    "koeln": ("05315000", "Köln", {"101": "Altstadt/Süd", "102": "Neustadt/Süd",
                                   "103": "Altstadt/Nord", "104": "Neustadt/Nord"}),
    "kiel": ("01002000", "Kiel", {str(n): f"Stadtteil {n}" for n in range(1, 5)}),
    "hamburg": ("02000000", "Hamburg", {"101": "Billstedt", "102": "Horn", "103": "Hamm",
                                        "104": "Borgfelde"}),
    "konstanz": ("08335043", "Konstanz", {"K1": "Altstadt", "K2": "Paradies"}),
}  # fmt: skip


def city_alliance(city: str) -> Alliance:
    """An alliance of one of :data:`CITIES` (created once per test, rolled back after it)."""
    key, name, districts = CITIES[city]
    root = Area.objects.filter(key=key, parent=None).first()
    if root is None:
        root = Area.objects.create(level=AreaLevel.MUNICIPALITY, key=key, name=name)
        for number, title in districts.items():
            Area.objects.create(parent=root, level=AreaLevel.DISTRICT, key=number, name=title)
    alliance = Alliance.objects.filter(area=root).first()
    return alliance or Alliance.objects.create(name=f"Bündnis {name}", slug=f"b-{key}", area=root)


#: label → the city whose alliance imports it (None: the demo alliance, Musterstadt).
CITY_OF = {"koeln": "koeln", "kiel_population": "kiel", "kiel_xlsx": "kiel",
           "kiel_households": "kiel", "hamburg": "hamburg", "konstanz": "konstanz"}  # fmt: skip


def _alliance(demo_alliance, label: str) -> Alliance:
    city = CITY_OF.get(label)
    return city_alliance(city) if city else demo_alliance


def _seeds(alliance) -> dict[str, tuple[str, str, bytes]]:
    """kind label → (import kind, file name, seed bytes) for ``alliance``: the demo alliance's
    files give its districts' qualified keys or names, a city's table that city's numbers."""
    children = list(alliance.area.children.order_by("key"))
    keys = [a.key for a in children]
    names = [a.name for a in children]
    qualified = [f"{alliance.area.key}-{key}" for key in keys]
    return {
        "observations": (ImportKind.OBSERVATIONS, "obs.csv", fuzzing.observations_csv(qualified)),
        "genesis": (ImportKind.GENESIS, "12411.csv", fuzzing.genesis_table(keys, names)),
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
        "municipal_table": (
            ImportKind.GENESIS, "12411-5.csv", fuzzing.municipal_table([alliance.area.key])
        ),
        "zensus_rent": (
            ImportKind.ZENSUS_RENT, "miete.csv", fuzzing.zensus_rent_csv([alliance.area.key])
        ),
        "age_groups": (
            ImportKind.GENESIS, "12411-02-03-5.csv", fuzzing.age_group_table([alliance.area.key])
        ),
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
     "hamburg", "zensus", "konstanz", "boundaries", "municipal_table", "zensus_rent",
     "age_groups"],
)  # fmt: skip
def test_mutated_files_of_every_kind_are_refused_with_a_german_message(demo_alliance, label):
    alliance = _alliance(demo_alliance, label)
    _kind, _name, seed = _seeds(alliance)[label]
    archive = label in ("konstanz", "kiel_xlsx")

    @FUZZ
    @given(steps=STEPS)
    def run(steps):
        _check(alliance, label, fuzzing.apply(seed, steps, archive=archive))

    run()


@pytest.mark.parametrize(
    "label",
    ["observations", "genesis", "koeln", "kiel_population", "kiel_xlsx", "kiel_households",
     "hamburg", "zensus", "boundaries", "konstanz", "municipal_table", "zensus_rent",
     "age_groups"],
)  # fmt: skip
def test_the_seeds_themselves_are_accepted(demo_alliance, label):
    alliance = _alliance(demo_alliance, label)
    kind, name, seed = _seeds(alliance)[label]
    options = {"indicator": "population"} if kind == ImportKind.GENESIS else {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(seed)
        preview = services.preview_import(alliance, path, kind, None, options)
    assert preview.ok, preview.problems
    assert preview.changes > 0, label


@pytest.mark.parametrize(
    "label", ["koeln", "kiel_population", "kiel_xlsx", "kiel_households", "hamburg", "konstanz"]
)
def test_a_city_table_is_refused_by_another_citys_alliance(demo_alliance, label):
    """Issue 13: a city's own numbers are no keys of Musterstadt's districts."""
    kind, name, seed = _seeds(_alliance(demo_alliance, label))[label]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(seed)
        preview = services.preview_import(demo_alliance, path, kind)
    assert [p.code for p in preview.problems] == [Code.OTHER_MUNICIPALITY]
    with translation.override("de"):
        assert "dieses Bündnis aber Musterstadt (99100001)" in preview.problems[0].text


@pytest.mark.parametrize(
    ("label", "mutation", "code"),
    [
        ("genesis", "bom", None),  # a BOM on a Latin-1 file was a UnicodeDecodeError (500)
        ("kiel_population", "line_ends", None),  # CR-only line ends
        ("observations", "value", "number_not_finite"),
    ],
)
def test_the_probes_findings_are_messages_not_errors(demo_alliance, label, mutation, code):
    alliance = _alliance(demo_alliance, label)
    _kind, _name, seed = _seeds(alliance)[label]
    data = fuzzing.MUTATIONS[mutation](seed, 0 if mutation != "value" else 2)
    _check(alliance, label, data)
