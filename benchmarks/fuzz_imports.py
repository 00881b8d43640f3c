"""Long fuzz run of every importer and upload (issue 10): ≥ 100,000 generated files.

Mostly mutated real-ish files (the seeds of ``wohnbuendnis.lib.tests.fuzzing`` and, when
``../shared/data/real`` is there, the real Destatis and Köln files): byte flips, truncation,
BOM, Latin-1/UTF-16, other separators, huge numbers, NaN, negative values, long keys, CR line
ends, duplicated lines, deep nesting, broken archive members. Each file goes directly through
its parser (observations, GENESIS tables and flat files, the five ``genesis.py`` tables, the
Köln/Kiel/Hamburg/Zensus/Konstanz city tables, XLSX, the concept workbook, GeoJSON, the
forecast input ZIP, the priority list TOML); a sample goes through the services the views
call (monitoring ``preview_import``/``commit_import`` on a fresh SQLite database, forecast
``upload_inputs``).

Printed: files tried, accepted, refused; unhandled exceptions (must be 0); refusals of a row
without a line (0); refusals without a German text in German mode (0); partial writes of the
services (0). Run: ``PYTHONPATH=src .venv/bin/python benchmarks/fuzz_imports.py [--files N]``.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
TMP = Path(tempfile.mkdtemp(prefix="fuzz-imports-"))


def _django() -> None:
    """A throwaway SQLite database with the tables (no migrations) for the service sample."""
    settings_file = TMP / "fuzz_settings.py"
    settings_file.write_text(
        "from wohnbuendnis.config.settings import *  # noqa\n"
        "class _Off(dict):\n"
        "    def __contains__(self, item): return True\n"
        "    def __getitem__(self, item): return None\n"
        "MIGRATION_MODULES = _Off()\n",
        encoding="utf-8",
    )
    sys.path.insert(0, str(TMP))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="fuzz_settings",
        DATABASE_URL=f"sqlite:///{TMP / 'fuzz.sqlite3'}",
        WOHNBUENDNIS_DEMO="1",
        WOHNBUENDNIS_DATA_DIR=str(TMP / "data"),
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)


_django()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.utils import translation  # noqa: E402

from wohnbuendnis.analytics.io import genesis  # noqa: E402
from wohnbuendnis.analytics.io.allocation_scheme import parse_scheme  # noqa: E402
from wohnbuendnis.analytics.io.city_tables import (  # noqa: E402
    normalise_name,
    read_hamburg_profile,
    read_kiel_households,
    read_kiel_population,
    read_koeln_population,
)
from wohnbuendnis.analytics.io.concept_workbook import read_concept_workbook  # noqa: E402
from wohnbuendnis.analytics.io.errors import Code, InputError  # noqa: E402
from wohnbuendnis.analytics.io.genesis_regional import (  # noqa: E402
    REGIONAL_TABLES,
    parse_genesis_flat,
    parse_regional_columns,
    parse_regional_table,
)
from wohnbuendnis.analytics.io.geojson import parse_boundaries  # noqa: E402
from wohnbuendnis.analytics.io.observations import parse_observations  # noqa: E402
from wohnbuendnis.analytics.io.office_observations import (  # noqa: E402
    parse_office_observations,
)
from wohnbuendnis.analytics.io.register_file import read_register  # noqa: E402
from wohnbuendnis.forecast.tests.test_fuzz_upload import forecast_zip  # noqa: E402
from wohnbuendnis.lib import input_errors  # noqa: E402
from wohnbuendnis.lib.tests import fuzzing  # noqa: E402

AREAS = ["101", "102", "103", "104"]
NAMES = ["Altstadt-Nord", "Altstadt-Süd", "Neustadt-Nord", "Deutz"]
CITY = "05315000"
#: The districts as files give them: the city's official key, the number under it (issue 13).
QUALIFIED = [f"{CITY}-{a}" for a in AREAS]
AGE_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "share_under_18": (0.0, 100.0), "share_65_plus": (0.0, 100.0), "share_75_plus": (0.0, 100.0),
    "population_male": (0.0, None), "population_female": (0.0, None),
}  # fmt: skip


@dataclass
class Format:
    name: str
    seed: bytes
    run: Callable[[bytes], object]
    rows: bool = True  # a row-based table: row problems must name their line
    archive: bool = False
    weight: int = 10


def _file(name: str, data: bytes) -> Path:
    path = TMP / name
    path.write_bytes(data)
    return path


def _konstanz(data: bytes) -> object:
    from types import SimpleNamespace

    from wohnbuendnis.monitoring.engine import city_tables

    return city_tables._konstanz(_file("konstanz.zip", data), {}, SimpleNamespace(key=CITY))


def _forecast(data: bytes) -> object:
    from wohnbuendnis.forecast import archive

    return archive.read_archive(ContentFile(data, name="in.zip"))


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _real(relative: str, lines: int | None = None) -> bytes | None:
    path = REAL / relative
    if not path.is_file():
        return None
    data = path.read_bytes()
    return b"\n".join(data.split(b"\n")[:lines]) if lines else data


REGISTER_CRITERIA = {"alleinerziehend": "single_parent", "wohnungslos": "homeless"}


def formats() -> list[Format]:
    keys = {normalise_name(n): a for n, a in zip(NAMES, AREAS, strict=True)}
    found = [
        Format("observations", fuzzing.observations_csv(QUALIFIED),
               lambda d: parse_observations(d, "obs.csv", known_areas=QUALIFIED,
                                            max_lengths={"source": 300}), weight=14),
        Format("office observations", fuzzing.office_observations_csv(AREAS, NAMES),
               lambda d: parse_observations(parse_office_observations(d, "obs.csv"), "obs.csv",
                                            max_lengths={"source": 300}), weight=10),
        Format("genesis table", fuzzing.genesis_table(AREAS, NAMES),
               lambda d: parse_regional_table(d, "12411.csv", indicator="population",
                                              bounds=(0.0, None), with_lines=True), weight=12),
        Format("regional age groups", fuzzing.age_group_table(["06440002", "06440014"]),
               lambda d: parse_regional_columns(d, "12411-02-03-5.csv",
                                                columns=REGIONAL_TABLES["12411-02-03-5"],
                                                bounds=AGE_BOUNDS), weight=6),
        Format("zensus flat", fuzzing.zensus_csv(CITY),
               lambda d: parse_genesis_flat(d, "zensus.csv", indicator="population",
                                            where={"1_variable_code": "GEOGM4"}, key="ags",
                                            bounds=(0.0, None)), weight=8),
        Format("koeln", fuzzing.koeln_csv(AREAS),
               lambda d: read_koeln_population(_file("koeln.csv", d)), weight=10),
        Format("kiel population", fuzzing.kiel_population_csv(AREAS),
               lambda d: read_kiel_population(_file("kiel.csv", d)), weight=6),
        Format("kiel xlsx", fuzzing.kiel_population_xlsx(AREAS),
               lambda d: read_kiel_population(_file("kiel.xlsx", d)), archive=True, weight=6),
        Format("kiel households", fuzzing.kiel_households_csv(NAMES),
               lambda d: read_kiel_households(_file("haushalte.csv", d), keys), weight=6),
        Format("hamburg", fuzzing.hamburg_csv(NAMES),
               lambda d: read_hamburg_profile(_file("hamburg.csv", d)), weight=6),
        Format("konstanz zip", fuzzing.konstanz_zip(), _konstanz, archive=True, weight=5),
        Format("geojson", fuzzing.geojson(AREAS),
               lambda d: parse_boundaries(d, "grenzen.geojson", key_property="key",
                                          name_property="name",
                                          max_lengths={"key": 20, "name": 120}),
               rows=False, weight=10),
        Format("scheme toml", fuzzing.SCHEME_TOML.encode(),
               lambda d: parse_scheme(_text(d), "scheme.toml"), rows=False, weight=8),
        Format("forecast zip", forecast_zip(), _forecast, archive=True, weight=1),
        Format("concept workbook", fuzzing.concept_workbook(),
               read_concept_workbook, archive=True, weight=6),
        Format("allocation register", fuzzing.register_csv(),
               lambda d: read_register(d, "register.csv", criteria=REGISTER_CRITERIA,
                                       today=datetime.date(2026, 1, 1)), weight=6),
    ]  # fmt: skip
    births, deaths, projection = (
        "destatis-geburtenziffern/",
        "destatis-sterbetafeln/",
        "destatis-vorausberechnung-15/",
    )
    destatis = [
        ("genesis 12612-0001", births + "12612-0001_lebendgeborene_geschlecht_1950-2024.csv",
         genesis.parse_births_12612_0001, None),
        ("genesis 12612-0008", births + "12612-0008_geburtenziffern_je_1000_frauen_1972-2024.csv",
         genesis.parse_fertility_12612_0008, None),
        ("genesis 12621-0001", deaths + "12621-0001_sterbetafel_2022-2024.csv",
         genesis.parse_life_table_12621_0001, None),
        ("genesis 12411-0006",
         projection + "12411-0006_bevoelkerung_geschlecht_altersjahre_1970-2021.csv",
         genesis.parse_population_12411_0006, 200),
        ("genesis 12421-0002",
         projection + "12421-0002_15kBV_variante1_G2L2W1_geschlecht_altersjahre_2022-2070.csv",
         genesis.parse_projection_12421_0002, None),
    ]  # fmt: skip
    for name, relative, parse, lines in destatis:
        seed = _real(relative, lines)
        if seed is not None:
            found.append(Format(name, seed, _genesis_runner(parse), rows=False, weight=2))
    koeln = _real("koeln-stadtteile/bevoelkerung_2005-2012.csv", 400)
    if koeln is not None:
        read = lambda d: read_koeln_population(_file("koeln.csv", d))  # noqa: E731
        found.append(Format("koeln (real)", koeln, read, weight=3))
    return found


def _genesis_runner(parse: Callable[[str, str], object]) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        path = _file("genesis.csv", data)
        return parse(genesis.decode(path), path.name)

    return run


@dataclass
class Tally:
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    unhandled: int = 0
    no_line: int = 0
    english: int = 0
    partial_writes: int = 0


def check_refusal(error: InputError, fmt: Format, tally: Tally, samples: dict) -> None:
    with translation.override("de"):
        text = input_errors.describe(error.code, error.params)
    if error.code == Code.UNTRANSLATED or fuzzing.looks_english(text):
        tally.english += 1
        samples["english"].append(f"{fmt.name}: {error.code} {text[:100]}")
    if fmt.rows and error.code in fuzzing.ROW_CODES and error.line is None:
        tally.no_line += 1
        samples["no line"].append(f"{fmt.name}: {error.message[:120]}")


def mutate(fmt: Format, rng: random.Random) -> bytes:
    names = sorted(fuzzing.MUTATIONS)
    steps = [(rng.choice(names), rng.randrange(10**6)) for _ in range(rng.randint(1, 3))]
    return fuzzing.apply(fmt.seed, steps, archive=fmt.archive)


def run_parsers(total: int, seed: int) -> tuple[dict[str, Tally], dict]:
    rng = random.Random(seed)
    found = formats()
    weights = [f.weight for f in found]
    tallies = {f.name: Tally() for f in found}
    samples: dict = collections.defaultdict(list)
    for _ in range(total):
        fmt = rng.choices(found, weights)[0]
        data = fmt.seed if rng.random() < 0.01 else mutate(fmt, rng)
        tally = tallies[fmt.name]
        tally.tried += 1
        try:
            fmt.run(data)
            tally.accepted += 1
        except InputError as error:
            tally.refused += 1
            check_refusal(error, fmt, tally, samples)
        except Exception:  # what the run is looking for
            tally.unhandled += 1
            samples["unhandled"].append(f"{fmt.name}: {traceback.format_exc(limit=3)[-600:]}")
    return tallies, samples


def _counts() -> tuple[int, int, int, int]:
    from wohnbuendnis.areas.models import Area
    from wohnbuendnis.forecast.models import InputData
    from wohnbuendnis.monitoring.models import ImportBatch, Observation

    return (Observation.objects.count(), Area.objects.count(),
            ImportBatch.objects.count(), InputData.objects.count())  # fmt: skip


def _alliance():
    from wohnbuendnis.alliance.models import Alliance
    from wohnbuendnis.areas.models import Area, AreaLevel
    from wohnbuendnis.monitoring.catalogue import seed as seed_catalogue
    from wohnbuendnis.monitoring.models import Indicator

    seed_catalogue(Indicator)
    city = Area.objects.create(level=AreaLevel.MUNICIPALITY, key=CITY, name="Köln")
    for key, name in zip(AREAS, NAMES, strict=True):
        Area.objects.create(parent=city, level=AreaLevel.DISTRICT, key=key, name=name)
    return Alliance.objects.create(name="Köln", slug="koeln", area=city)


def _one_import(alliance, path: Path, kind: str, tally: Tally) -> None:
    """Preview (every problem checked), then commit: refused files must write nothing."""
    from wohnbuendnis.monitoring import services

    options = {"indicator": "population"} if kind == "genesis" else {}
    before = _counts()
    with translation.override("de"):
        preview = services.preview_import(alliance, path, kind, None, options)
        for problem in preview.problems:
            faults = fuzzing.problem_faults(
                problem.code, problem.line, problem.text, row_file=kind != "boundaries"
            )
            tally.english += any("German" in f for f in faults)
            tally.no_line += any("line" in f for f in faults)
        if preview.ok:
            tally.accepted += 1
            services.commit_import(alliance, path, kind, None, options)
            return
        tally.refused += 1
        with contextlib.suppress(ValidationError):
            services.commit_import(alliance, path, kind, None, options)
        tally.partial_writes += _counts() != before


def _one_upload(alliance, data: bytes, tally: Tally) -> None:
    from wohnbuendnis.forecast import services

    before = _counts()
    try:
        with translation.override("de"):
            services.upload_inputs(
                alliance, alliance.area, None, "fuzz", ContentFile(data, name="in.zip")
            )
        tally.accepted += 1
    except ValidationError as error:
        tally.refused += 1
        tally.english += fuzzing.looks_english(error.messages[0])
        tally.partial_writes += _counts() != before


def run_services(total: int, seed: int) -> tuple[Tally, Tally, dict]:
    """A sample through preview_import/commit_import and upload_inputs on a fresh database."""
    from wohnbuendnis.monitoring.models import ImportKind

    alliance = _alliance()
    kinds = [
        (ImportKind.OBSERVATIONS, "obs.csv", fuzzing.observations_csv(QUALIFIED)),
        (ImportKind.OBSERVATIONS, "excel.csv", fuzzing.office_observations_csv(AREAS, NAMES)),
        (ImportKind.GENESIS, "t.csv", fuzzing.genesis_table(AREAS, NAMES)),
        (ImportKind.KOELN, "k.csv", fuzzing.koeln_csv(AREAS)),
        (ImportKind.KIEL_POPULATION, "kiel.csv", fuzzing.kiel_population_csv(AREAS)),
        (ImportKind.KIEL_POPULATION, "kiel.xlsx", fuzzing.kiel_population_xlsx(AREAS)),
        (ImportKind.ZENSUS, "z.csv", fuzzing.zensus_csv(CITY)),
        (ImportKind.KONSTANZ, "k.zip", fuzzing.konstanz_zip()),
        (ImportKind.BOUNDARIES, "g.geojson", fuzzing.geojson(AREAS)),
    ]
    rng = random.Random(seed)
    monitoring, forecast = Tally(), Tally()
    samples: dict = collections.defaultdict(list)
    for _ in range(total):
        kind, name, seed_bytes = rng.choice(kinds)
        fmt = Format(kind, seed_bytes, lambda d: None, archive=name.endswith(("zip", "xlsx")))
        monitoring.tried += 1
        try:
            _one_import(alliance, _file(name, mutate(fmt, rng)), kind, monitoring)
        except Exception:
            monitoring.unhandled += 1
            samples["unhandled"].append(f"service {kind}: {traceback.format_exc(limit=3)[-600:]}")
    upload = Format("forecast", forecast_zip(), lambda d: None, archive=True)
    for _ in range(max(1, total // 20)):
        forecast.tried += 1
        try:
            _one_upload(alliance, mutate(upload, rng), forecast)
        except Exception:
            forecast.unhandled += 1
            samples["unhandled"].append(f"upload: {traceback.format_exc(limit=3)[-600:]}")
    return monitoring, forecast, samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000, help="files through the parsers")
    parser.add_argument("--services", type=int, default=2_000, help="files through the services")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()
    tallies, samples = run_parsers(args.files, args.seed)
    parsers_s = time.perf_counter() - started
    monitoring, forecast, more = run_services(args.services, args.seed + 1)
    for key, values in more.items():
        samples[key] += values
    total_s = time.perf_counter() - started
    rows = [*tallies.items(), ("service: monitoring import", monitoring),
            ("service: forecast upload", forecast)]  # fmt: skip
    print(f"{'format':28} {'tried':>7} {'ok':>6} {'refused':>7} {'unhandled':>9} "
          f"{'no line':>7} {'English':>7} {'partial':>7}")  # fmt: skip
    for name, t in rows:
        print(f"{name:28} {t.tried:7} {t.accepted:6} {t.refused:7} {t.unhandled:9} "
              f"{t.no_line:7} {t.english:7} {t.partial_writes:7}")  # fmt: skip
    all_tallies = [t for _, t in rows]
    total = Tally(*(sum(getattr(t, f) for t in all_tallies) for f in Tally.__dataclass_fields__))
    print(f"{'total':28} {total.tried:7} {total.accepted:6} {total.refused:7} {total.unhandled:9} "
          f"{total.no_line:7} {total.english:7} {total.partial_writes:7}")  # fmt: skip
    print(f"time: parsers {parsers_s:.0f} s, all {total_s:.0f} s")
    for key, values in samples.items():
        print(f"\n{key}: {len(values)} (first 5)")
        for value in values[:5]:
            print("  " + value.replace("\n", "\n  "))
    bad = total.unhandled + total.no_line + total.english + total.partial_writes
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
