"""The other real city and census tables through the import service (preview, then commit):
Hamburg Stadtteil-Profile, Kiel, Konstanz and the Zensus 2022 municipalities. Areas that are
not in the alliance's hierarchy are listed and skipped. Figures as in the readers' tests
(analytics/tests/monitoring/test_monitoring_real_data.py) and the PROVENANCE.md files."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.analytics.io.city_tables import read_hamburg_profile, read_table
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind, Observation

pytestmark = pytest.mark.django_db


def _alliance(key: str, name: str, children: dict[str, str], level=AreaLevel.MUNICIPALITY):
    root = Area.objects.create(level=level, key=key, name=name)
    below = AreaLevel.MUNICIPALITY if level == AreaLevel.STATE else AreaLevel.DISTRICT
    Area.objects.bulk_create(
        Area(parent=root, level=below, key=k, name=n) for k, n in children.items()
    )
    return Alliance.objects.create(name=f"Bündnis {name}", slug=f"b-{key.lower()}", area=root)


def _value(alliance, indicator: str, key: str, year: int) -> float:
    return Observation.objects.get(
        indicator__key=indicator, area__key=key, area__parent=alliance.area, year=year
    ).value


def test_hamburg_profiles_99_stadtteile_one_not_in_the_alliance(real_data):
    path = real_data / "hamburg-stadtteilprofile" / "stadtteilprofile_2014.csv"
    names = sorted(set(read_hamburg_profile(path)["area"]))
    assert len(names) == 99
    # The Stadtteile are keyed by number and matched with the file by name.
    keys = {f"{k:03d}": n for k, n in enumerate(names, start=1) if n != "Blankenese"}
    alliance = _alliance("02000000", "Hamburg", keys)
    billstedt = next(k for k, n in keys.items() if n == "Billstedt")
    preview = services.preview_import(alliance, path, ImportKind.HAMBURG)
    assert preview.ok and preview.skipped_areas == ["Blankenese"]
    batch = services.commit_import(alliance, path, ImportKind.HAMBURG)
    assert batch.created == preview.created > 0
    population = Observation.objects.filter(indicator__key="population", year=2013)
    assert population.count() == 98
    # PROVENANCE (2014 profile): Billstedt 69,570 inhabitants, unemployed 9.6 %, SGB II 22.2 %.
    assert _value(alliance, "population", billstedt, 2013) == 69_570
    assert _value(alliance, "unemployment_rate", billstedt, 2013) == 9.6
    assert _value(alliance, "sgb2_rate", billstedt, 2013) == 22.2
    assert services.commit_import(alliance, path, ImportKind.HAMBURG) is None


def test_kiel_population_and_households_of_30_stadtteile(real_data):
    folder = real_data / "kiel-stadtteile"
    people = folder / "kiel_bevoelkerung_stadtteile_einwohner_geschlecht.csv"
    pairs = read_table(people).select("Stadtteilnummer", "Stadtteil").unique().rows()
    alliance = _alliance("01002000", "Kiel", {k.strip(): n.strip() for k, n in pairs})
    assert alliance.area.children.count() == 30
    batch = services.commit_import(alliance, people, ImportKind.KIEL_POPULATION)
    # 30 Stadtteile × 10 years (2014–2023); the scrambled 2016 block is dropped.
    assert batch.created == 300
    assert _value(alliance, "population", "12", 2023) == 19_229  # Gaarden-Ost
    assert _value(alliance, "population", "1", 2016) == 757
    households = next(folder.glob("kiel_bevoelkerung_haushalte_nach_*.csv"))
    batch = services.commit_import(alliance, households, ImportKind.KIEL_HOUSEHOLDS)
    # 30 Stadtteile × 8 years (2015–2018, 2020–2023).
    assert batch.created == 240
    assert _value(alliance, "households", "12", 2023) == 11_054


def test_konstanz_zip_city_and_15_stadtteile(real_data, tmp_path):
    folder = real_data / "konstanz-in-zahlen"
    data = folder / "data" if (folder / "data").is_dir() else folder
    archive = Path(shutil.make_archive(str(tmp_path / "konstanz"), "zip", data))
    with zipfile.ZipFile(archive) as opened:
        assert "bevoelkerung/nach_stadtteilen.csv" in opened.namelist()
    columns = read_table(data / "bevoelkerung" / "nach_stadtteilen.csv", separator=",").columns
    stadtteile = [c for c in columns if c != "jahr"]
    assert len(stadtteile) == 15
    # One Stadtteil is left out of the alliance's hierarchy: listed and skipped.
    keys = {f"K{k:02d}": n for k, n in enumerate(stadtteile[1:], start=1)}
    alliance = _alliance("08335043", "Konstanz", keys)
    preview = services.preview_import(alliance, archive, ImportKind.KONSTANZ)
    assert preview.ok and preview.skipped_areas == [stadtteile[0]]
    batch = services.commit_import(alliance, archive, ImportKind.KONSTANZ)
    # 14 Stadtteile × 31 years (1995–2025) + the city: 26 + 25 + 26 + 21 values.
    assert batch.created == 14 * 31 + 26 + 25 + 26 + 21
    city = alliance.area
    assert Observation.objects.get(area=city, indicator__key="population", year=2024).value == (
        87_368
    )
    assert Observation.objects.get(area=city, indicator__key="dwellings", year=2024).value == (
        47_126
    )


def test_zensus_2022_municipalities_of_the_alliance(real_data):
    path = (
        real_data / "zensus2022-gemeinden" / "1000A-0000_bevoelkerung_gemeinden_zensus2022_flat.csv"
    )
    alliance = _alliance(
        "DG", "Deutschland", {"05315000": "Köln", "06611000": "Kassel"}, level=AreaLevel.STATE
    )
    preview = services.preview_import(alliance, path, ImportKind.ZENSUS)
    assert preview.ok and preview.created == 2
    assert len(preview.skipped_areas) == 10_786 - 2
    services.commit_import(alliance, path, ImportKind.ZENSUS)
    assert _value(alliance, "population", "05315000", 2022) == 1_017_355
    assert _value(alliance, "population", "06611000", 2022) == 195_012


def test_a_file_of_the_wrong_kind_is_a_problem_not_an_error(tmp_path):
    alliance = _alliance("08335043", "Konstanz", {})
    path = tmp_path / "konstanz.zip"
    path.write_bytes(b"not a zip")
    preview = services.preview_import(alliance, path, ImportKind.KONSTANZ)
    assert not preview.ok and preview.problems[0].expected == "a ZIP archive expected"
