"""The readers and the index on the real public data in ``shared/data/real`` (read in place;
skipped when absent). Figures are those of the PROVENANCE.md files and the source files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from numpy.testing import assert_allclose

from wohnbuendnis.analytics.io.city_tables import (
    HAMBURG_2018,
    kiel_name_keys,
    read_hamburg_profile,
    read_kiel_households,
    read_kiel_population,
    read_koeln_population,
    read_konstanz,
    read_table,
    wide_to_observations,
)
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.genesis_regional import read_genesis_flat
from wohnbuendnis.analytics.io.geojson import read_boundaries
from wohnbuendnis.analytics.io.observations import (
    format_observations,
    parse_observations,
    validate_observations,
)
from wohnbuendnis.analytics.monitoring import IndexConfig, compute_index

pytestmark = pytest.mark.realdata
HOUSEHOLD_TYPES = "haushaltstypen_und_personenanzahl"


def value(frame: pl.DataFrame, indicator: str, area: str, year: int) -> float:
    row = frame.filter(
        (pl.col("indicator") == indicator) & (pl.col("area") == area) & (pl.col("year") == year)
    )
    return float(row["value"].item())


def assert_valid(frame: pl.DataFrame) -> None:
    """Readers' output passes the observations.csv checks and survives a round trip."""
    validate_observations(frame, "reader output")
    again = parse_observations(format_observations(frame))
    assert again.height == frame.height


@pytest.fixture(scope="module")
def koeln(real_data: Path) -> pl.DataFrame:
    return read_koeln_population(real_data / "koeln-stadtteile" / "bevoelkerung_2005-2012.csv")


def test_koeln_86_stadtteile_with_boundaries_and_populations(
    real_data: Path, koeln: pl.DataFrame
) -> None:
    boundaries = read_boundaries(
        real_data / "koeln-stadtteile" / "stadtteile.geojson",
        key_property="STT_NR",
        name_property="STT_NAME",
    )
    assert boundaries.height == 86
    assert boundaries.filter(pl.col("key") == "909")["name"].item() == "Flittard"
    population = koeln.filter(pl.col("indicator") == "population")
    stadtteile = population.filter(pl.col("area").str.contains(r"^[1-9]\d\d$"))
    # Every boundary has a population in every year 2005–2012, and nothing else is a Stadtteil.
    assert set(stadtteile["area"]) == set(boundaries["key"])
    assert stadtteile.group_by("year").len()["len"].to_list() == [86] * 8
    # Source file: Stadt Köln 2005 = 1,023,101, 2010 = 1,027,504, 2012 = 1,044,555;
    # Stadtteil 101 (Altstadt/Süd) 2012 = 27,515. The 86 Stadtteile add up to the city.
    for year, total in ((2005, 1_023_101), (2010, 1_027_504), (2012, 1_044_555)):
        assert value(population, "population", "000", year) == total
        assert stadtteile.filter(pl.col("year") == year)["value"].sum() == total
    assert value(population, "population", "101", 2012) == 27_515
    assert_valid(koeln)


def test_koeln_districts_geojson_and_share_foreign(real_data: Path, koeln: pl.DataFrame) -> None:
    bezirke = read_boundaries(
        real_data / "koeln-stadtteile" / "stadtbezirke.geojson",
        key_property="STB_NR",
        name_property="STB_NAME",
    )
    assert bezirke.height == 9
    share = koeln.filter(pl.col("indicator") == "share_foreign")["value"].to_numpy()
    assert share.size == 96 * 8
    assert share.min() > 0 and share.max() < 100


@pytest.fixture(scope="module")
def hamburg(real_data: Path) -> pl.DataFrame:
    folder = real_data / "hamburg-stadtteilprofile"
    return pl.concat(
        [
            read_hamburg_profile(folder / "stadtteilprofile_2014.csv"),
            read_hamburg_profile(folder / "stadtteilprofile_berichtsjahr2018.csv"),
        ]
    )


def test_hamburg_profiles_read_99_stadtteile_per_edition(hamburg: pl.DataFrame) -> None:
    population = hamburg.filter(pl.col("indicator") == "population")
    assert population.group_by("year").len().sort("year").rows() == [(2013, 99), (2017, 99)]
    # PROVENANCE examples (2014 profile): Billstedt 69,570 inhabitants, unemployed 9.6 %,
    # SGB II 22.2 %; Blankenese 13,122 / 2.4 % / 1.1 %.
    assert value(hamburg, "population", "Billstedt", 2013) == 69_570
    assert value(hamburg, "unemployment_rate", "Billstedt", 2013) == 9.6
    assert value(hamburg, "sgb2_rate", "Billstedt", 2013) == 22.2
    assert value(hamburg, "population", "Blankenese", 2013) == 13_122
    assert value(hamburg, "sgb2_rate", "Blankenese", 2013) == 1.1
    assert value(hamburg, "population", "Hamburg-Altstadt", 2017) == 2272
    assert_valid(hamburg)


def test_hamburg_totals_on_request(real_data: Path) -> None:
    path = real_data / "hamburg-stadtteilprofile" / "stadtteilprofile_2014.csv"
    frame = read_hamburg_profile(path, include_totals=True)
    assert value(frame, "population", "Hamburg", 2013) == 1_788_994
    assert value(frame, "population", "Bezirk Bergedorf", 2013) == 122_815
    assert value(frame, "population", "Bergedorf", 2013) < 122_815  # the Stadtteil


def test_hamburg_net_completions_are_no_count(real_data: Path) -> None:
    # The 2018 profile holds −1 "bezugsfertige Wohnungen" in line 16: a net change, not a count.
    path = real_data / "hamburg-stadtteilprofile" / "stadtteilprofile_berichtsjahr2018.csv"
    columns = {**HAMBURG_2018, "W_WohnungenBezugsf": "completions"}
    with pytest.raises(InputError) as caught:
        wide_to_observations(
            read_table(path), str(path), key_column="Stadtteil", columns=columns, year=2017,
            decimal=".",
        )  # fmt: skip
    assert (caught.value.line, caught.value.column) == (16, "W_WohnungenBezugsf")


def test_hamburg_index_z_values_have_mean_0_and_sd_1(hamburg: pl.DataFrame) -> None:
    indicators = ("sgb2_rate", "unemployment_rate", "child_poverty_rate")
    config = IndexConfig(indicators, year=2017, dynamics_lag=4)  # profiles 2014 → 2018
    result = compute_index(hamburg, config)
    scored = result.filter("scored")
    # 99 Stadtteile; 6 lack a value (secret '.'): Cranz, Francop, Moorburg und Altenwerder,
    # Reitbrook, Spadenland, Tatenberg. 93 are scored.
    assert result.height == 99 and scored.height == 93
    assert set(result.filter(~pl.col("scored"))["note"]) == {"missing_value"}
    for prefix in ("z_", "dz_"):
        z = scored.select([f"{prefix}{k}" for k in indicators]).to_numpy()
        assert_allclose(z.mean(axis=0), 0, atol=1e-12)
        assert_allclose(z.std(axis=0), 1, rtol=1e-12)
    by_area = {row["area"]: row for row in result.iter_rows(named=True)}
    assert by_area["Billstedt"]["status_class"] == "niedrig" and by_area["Billstedt"]["conspicuous"]
    assert by_area["Blankenese"]["status_class"] == "hoch"
    assert_allclose(scored["status_index"].to_numpy().mean(), 0, atol=1e-12)
    # With a higher threshold the small Stadtteile are listed, not scored.
    small = compute_index(hamburg, IndexConfig(indicators, 2017, 4, min_population=1000))
    assert small.filter(pl.col("note") == "small").height > 0


def test_kiel_population_and_households(real_data: Path) -> None:
    folder = real_data / "kiel-stadtteile"
    people_file = folder / "kiel_bevoelkerung_stadtteile_einwohner_geschlecht.csv"
    population = read_kiel_population(people_file)
    # 30 Stadtteile × 10 years (2014–2023); the duplicated, scrambled 2016 block is dropped.
    assert population.height == 300 and population["area"].n_unique() == 30
    assert value(population, "population", "12", 2023) == 19_229  # Gaarden-Ost
    assert value(population, "population", "1", 2016) == 757  # not 835, a copy of 2017
    households = read_kiel_households(
        folder / f"kiel_bevoelkerung_haushalte_nach_{HOUSEHOLD_TYPES}_in_den_stadtteilen.csv",
        kiel_name_keys(people_file),
    )
    # 30 Stadtteile × 8 years (2015–2018, 2020–2023; 2019 has only "Personen" rows).
    assert households.height == 240
    # Gaarden-Ost 2023: 6848 + 1253 + 1233 + 212 + 717 + 791 households.
    assert value(households, "households", "12", 2023) == 11_054
    assert_valid(pl.concat([population, households]))


def test_konstanz_stadtteile_add_up_to_the_city(real_data: Path) -> None:
    frame = read_konstanz(real_data / "konstanz-in-zahlen")
    city = frame.filter(pl.col("area") == "08335043")
    districts = frame.filter(pl.col("area") != "08335043")
    assert districts.height == 15 * 31  # 15 Stadtteile, 1995–2025
    assert city.group_by("indicator").len().sort("indicator").rows() == [
        ("completions", 26),
        ("dwellings", 25),
        ("population", 26),
        ("unemployment_rate", 21),
    ]
    assert value(city, "population", "08335043", 2024) == 87_368
    assert value(city, "dwellings", "08335043", 2024) == 47_126
    sums = districts.group_by("year").agg(pl.col("value").sum())
    joined = sums.join(city.filter(pl.col("indicator") == "population"), on="year")
    assert joined.height == 26
    assert (joined["value"] == joined["value_right"]).all()
    assert_valid(frame)


def test_zensus_2022_municipalities(real_data: Path) -> None:
    path = (
        real_data / "zensus2022-gemeinden" / "1000A-0000_bevoelkerung_gemeinden_zensus2022_flat.csv"
    )
    municipalities = read_genesis_flat(
        path, indicator="population", where={"1_variable_code": "GEOGM4"}, key="ags"
    )
    assert municipalities.height == 10_786
    assert set(municipalities["year"]) == {2022}
    assert value(municipalities, "population", "05315000", 2022) == 1_017_355  # Köln
    assert value(municipalities, "population", "06611000", 2022) == 195_012  # Kassel
    # The municipality rows hold 82,711,282 of 82,719,540 (Germany row); 8,258 are in none.
    assert municipalities["value"].sum() == 82_711_282
    germany = read_genesis_flat(path, indicator="population", where={"1_variable_code": "GEODL1"})
    assert germany.rows() == [("population", "DG", 2022, 82_719_540.0, "1000A")]
    assert_valid(municipalities)
