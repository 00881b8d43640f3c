"""The Regionaldatenbank's municipal tables with several value columns: the year from the
column header, a title line or the row; special signs; problems with their line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.io.genesis_regional import (
    REGIONAL_TABLES,
    parse_regional_columns,
    regional_table_code,
)

POPULATION = """GENESIS-Tabelle: 12411-01-01-5
Bevölkerung nach Geschlecht;;;;;;;
;;31.12.2015;31.12.2015;31.12.2015;31.12.2014;31.12.2014;31.12.2014
;;Insgesamt;männlich;weiblich;Insgesamt;männlich;weiblich
06440;  Wetteraukreis;301931;149253;152678;297369;147000;150369
06440014;    Limeshain;5480;2728;2752;5347;2650;2697
06440099;    Nirgendwo;.;.;.;-;-;-
__________
"""

COMPLETIONS = """GENESIS-Tabelle: 31121-03-02-5
Baufertigstellungen;;;;;;
2015;;;;;;
;;Größe der Wohnung;Größe der Wohnung
;;Insgesamt;1 oder 2 Räume
06440014;        Limeshain;15;3
06440002;        Bad Nauheim;1.234;5
"""


def test_the_dates_of_the_columns_give_the_years() -> None:
    assert regional_table_code(POPULATION.encode("latin-1")) == "12411-01-01-5"
    frame = parse_regional_columns(
        POPULATION, "p.csv", columns=REGIONAL_TABLES["12411-01-01-5"]
    ).sort("area", "year")
    by_sex = frame.filter(pl.col("indicator") != "population")
    assert by_sex.filter(pl.col("area") == "06440014").sort("indicator", "year").select(
        "indicator", "year", "value"
    ).rows() == [
        ("population_female", 2014, 2_697.0),
        ("population_female", 2015, 2_752.0),
        ("population_male", 2014, 2_650.0),
        ("population_male", 2015, 2_728.0),
    ]
    frame = frame.filter(pl.col("indicator") == "population")
    rows = frame.select("area", "year", "value", "line").rows()
    # "." is secret (no value), "-" is exactly nothing (0); only the "Insgesamt" columns.
    assert rows == [
        ("06440", 2014, 297_369.0, 5),
        ("06440", 2015, 301_931.0, 5),
        ("06440014", 2014, 5_347.0, 6),
        ("06440014", 2015, 5_480.0, 6),
        ("06440099", 2014, 0.0, 7),
    ]
    assert frame.filter(pl.col("area") == "06440014")["area_name"][0] == "Limeshain"


def test_a_year_line_above_the_header_and_a_bad_number_with_its_line() -> None:
    columns = REGIONAL_TABLES["31121-03-02-5"]
    with pytest.raises(InputError) as error:
        parse_regional_columns(COMPLETIONS.replace("1.234", "viele"), "c.csv", columns=columns)
    assert (error.value.code, error.value.line) == (Code.GERMAN_NUMBER_EXPECTED, 7)
    frame = parse_regional_columns(COMPLETIONS, "c.csv", columns=columns)
    assert frame.select("area", "year", "value").rows() == [
        ("06440014", 2015, 15.0),
        ("06440002", 2015, 1234.0),
    ]


def test_a_negative_count_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as error:
        parse_regional_columns(
            COMPLETIONS.replace("Limeshain;15", "Limeshain;-15"),
            "c.csv",
            columns=REGIONAL_TABLES["31121-03-02-5"],
            bounds={"completions": (0.0, None)},
        )
    assert (error.value.code, error.value.line) == (Code.COUNT_NEGATIVE, 6)


# --- 12411-02-03-5: population by sex and 17 age groups ------------------------------------------

AGE_GROUPS = [
    "unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 10 Jahre", "10 bis unter 15 Jahre",
    "15 bis unter 18 Jahre", "18 bis unter 20 Jahre", "20 bis unter 25 Jahre",
    "25 bis unter 30 Jahre", "30 bis unter 35 Jahre", "35 bis unter 40 Jahre",
    "40 bis unter 45 Jahre", "45 bis unter 50 Jahre", "50 bis unter 55 Jahre",
    "55 bis unter 60 Jahre", "60 bis unter 65 Jahre", "65 bis unter 75 Jahre",
    "75 Jahre und mehr", "Insgesamt",
]  # fmt: skip
AGE_COLUMNS = REGIONAL_TABLES["12411-02-03-5"]
AGE_BOUNDS = {
    "share_under_18": (0.0, 100.0),
    "share_65_plus": (0.0, 100.0),
    "share_75_plus": (0.0, 100.0),
    "population_male": (0.0, None),
    "population_female": (0.0, None),
}


def age_table(*rows: tuple[str, str, list[str]]) -> str:
    """A 12411-02-03-5 export as the Regionaldatenbank lays it out: title lines, the date, sex
    over the 17 age groups and their total; each row ``key;name;`` 54 values (both sexes,
    male, female)."""
    width = len(AGE_GROUPS)
    lines = [
        "GENESIS-Tabelle: 12411-02-03-5",
        "Bevölkerungsstand: Bevölkerung nach Geschlecht" + ";" * 55,
        "und Altersgruppen (17) - Stichtag 31.12. -" + ";" * 55,
        "31.12.2015" + ";" * 55,
        ";;" + ";".join(s for s in ("Insgesamt", "männlich", "weiblich") for _ in range(width)),
        ";;" + ";".join(["Altersgruppen (unter 3 bis 75 u.m.)"] * 3 * width),
        ";;" + ";".join(AGE_GROUPS * 3),
    ]
    lines += [f"{key};  {name};" + ";".join(values) for key, name, values in rows]
    lines += ["__________", "Stand: 10.10.2017 / 18:42:14"]
    return "\n".join(lines) + "\n"


def _sexes(male: list[int], female: list[int]) -> list[str]:
    """The 54 values of a row from the male and female age groups (17 each)."""
    both = [m + f for m, f in zip(male, female, strict=True)]
    return [str(v) for group in (both, male, female) for v in (*group, sum(group))]


# Bad Nauheim on 31.12.2015 (the real row of the table).
NAUHEIM_MALE = [388, 406, 578, 720, 400, 325, 750, 919, 914, 934, 949, 1270, 1262, 1057, 872,
                1613, 1545]  # fmt: skip
NAUHEIM_FEMALE = [379, 374, 548, 685, 438, 308, 726, 934, 957, 985, 984, 1287, 1335, 1087, 1052,
                  2011, 2638]  # fmt: skip


def _by_indicator(frame: pl.DataFrame, area: str) -> dict[str, float]:
    return dict(frame.filter(pl.col("area") == area).select("indicator", "value").iter_rows())


def test_the_age_groups_give_the_shares_under_18_65_plus_and_75_plus_and_the_sexes() -> None:
    text = age_table(("06440002", "Bad Nauheim", _sexes(NAUHEIM_MALE, NAUHEIM_FEMALE)))
    assert regional_table_code(text) == "12411-02-03-5"
    frame = parse_regional_columns(text, "a.csv", columns=AGE_COLUMNS, bounds=AGE_BOUNDS)
    assert set(frame["year"]) == {2015} and set(frame["line"]) == {8}
    values = _by_indicator(frame, "06440002")
    # 31,630 inhabitants; under 18: 767 + 780 + 1,126 + 1,405 + 838 = 4,916; 65 and older:
    # 3,624 (65 to under 75) + 4,183 (75 and more) = 7,807 – in per cent, as the catalogue;
    # 75 and more: 1,545 men + 2,638 women = 4,183.
    assert values == {
        "population_male": 14_902,
        "population_female": 16_728,
        "share_under_18": pytest.approx(100 * 4_916 / 31_630),
        "share_65_plus": pytest.approx(100 * 7_807 / 31_630),
        "share_75_plus": pytest.approx(100 * 4_183 / 31_630),
    }
    assert values["share_65_plus"] == pytest.approx(24.68, abs=0.005)
    assert values["share_75_plus"] == pytest.approx(13.22, abs=0.005)


def test_secret_or_empty_groups_give_no_share_and_nothing_is_no_place() -> None:
    row = _sexes(NAUHEIM_MALE, NAUHEIM_FEMALE)
    secret = row.copy()
    secret[16] = "."  # 75 and more (both sexes) is secret: no share 65+ or 75+, the rest stays
    text = age_table(
        ("06440002", "Bad Nauheim", secret),
        ("06636200", "Gutsbezirk Kaufunger Wald", ["-"] * 54),  # uninhabited: all "nothing"
    )
    frame = parse_regional_columns(text, "a.csv", columns=AGE_COLUMNS, bounds=AGE_BOUNDS)
    assert set(_by_indicator(frame, "06440002")) == {
        "population_male", "population_female", "share_under_18"
    }  # fmt: skip
    # 0 persons: no share (not 0 %), the sexes are 0 as the office says.
    assert _by_indicator(frame, "06636200") == {"population_male": 0, "population_female": 0}


def test_groups_larger_than_the_total_or_negative_are_refused_with_their_line() -> None:
    row = _sexes(NAUHEIM_MALE, NAUHEIM_FEMALE)
    over = row.copy()
    over[17] = "7000"  # the total of both sexes below its 65+ groups
    text = age_table(("06440001", "Altenstadt, Hess", row), ("06440002", "Bad Nauheim", over))
    with pytest.raises(InputError) as error:
        parse_regional_columns(text, "a.csv", columns=AGE_COLUMNS, bounds=AGE_BOUNDS)
    assert (error.value.code, error.value.line) == (Code.PARTS_EXCEED_TOTAL, 9)
    assert error.value.params["total"] == "7000"
    negative = row.copy()
    negative[0] = "-767"
    text = age_table(("06440002", "Bad Nauheim", negative))
    with pytest.raises(InputError) as error:
        parse_regional_columns(text, "a.csv", columns=AGE_COLUMNS, bounds=AGE_BOUNDS)
    assert (error.value.code, error.value.line) == (Code.COUNT_NEGATIVE, 8)
    words = row.copy()
    words[4] = "viele"  # 15 to under 18, both sexes
    with pytest.raises(InputError) as error:
        parse_regional_columns(age_table(("06440002", "Bad Nauheim", words)), "a.csv",
                               columns=AGE_COLUMNS)  # fmt: skip
    assert (error.value.code, error.value.line) == (Code.GERMAN_NUMBER_EXPECTED, 8)


def test_a_table_without_the_age_groups_is_refused() -> None:
    text = age_table(("06440002", "Bad Nauheim", _sexes(NAUHEIM_MALE, NAUHEIM_FEMALE)))
    text = text.replace("65 bis unter 75 Jahre", "65 bis 74 Jahre")
    with pytest.raises(InputError) as error:
        parse_regional_columns(
            text, "a.csv", columns={"share_65_plus": AGE_COLUMNS["share_65_plus"]}
        )
    assert error.value.code == Code.COLUMN_MISSING
    # Without all its groups a share is not computed; the other indicators still are.
    frame = parse_regional_columns(text, "a.csv", columns=AGE_COLUMNS)
    assert set(frame["indicator"]) == {
        "population_male", "population_female", "share_under_18", "share_75_plus"
    }  # fmt: skip


def test_the_real_table_gives_the_tidy_files_figures_for_every_region(real_data: Path) -> None:
    """All 888 regions of NRW and Hessen in 12411-02-03-5 (31.12.2015) against the tidy file
    derived from it (``population_agegroups_2015.csv``, PROVENANCE.md)."""
    folder = real_data / "regionalstatistik-gemeinden-nw-he"
    path = folder / "raw" / "12411-02-03-5_00_NW_HE.csv"
    frame = parse_regional_columns(
        path.read_bytes(), path.name, columns=AGE_COLUMNS, bounds=AGE_BOUNDS
    )
    tidy = pl.read_csv(
        folder / "population_agegroups_2015.csv", schema_overrides={"ags": pl.String}
    )
    under_18 = ["age_00_03", "age_03_06", "age_06_10", "age_10_15", "age_15_18"]
    expected = (
        tidy.filter(pl.col("sex") == "total")
        .select(
            pl.col("ags").alias("area"),
            (100 * pl.sum_horizontal(under_18) / pl.col("total")).alias("share_under_18"),
            (100 * (pl.col("age_65_75") + pl.col("age_75_plus")) / pl.col("total")).alias(
                "share_65_plus"
            ),
            (100 * pl.col("age_75_plus") / pl.col("total")).alias("share_75_plus"),
        )
        .join(
            tidy.filter(pl.col("sex") == "male").select(
                pl.col("ags").alias("area"), pl.col("total").alias("population_male")
            ),
            on="area",
        )
        .join(
            tidy.filter(pl.col("sex") == "female").select(
                pl.col("ags").alias("area"), pl.col("total").alias("population_female")
            ),
            on="area",
        )
        .unpivot(index="area", variable_name="indicator", value_name="expected")
    )
    # 0 persons give no share (the uninhabited gemeindefreie Gebiete: 0 % would be wrong).
    expected = expected.filter(pl.col("expected").is_not_nan())
    assert expected.height == 5 * 888 - 3 * 4
    got = frame.join(expected, on=["area", "indicator"], how="inner")
    assert got.height == expected.height  # every region and indicator of the tidy file
    assert set(frame["year"]) == {2015}
    deviation = (got["value"] - got["expected"]).abs().max()
    assert isinstance(deviation, float) and deviation < 1e-9
    # Bad Nauheim by hand: (3,624 + 4,183) / 31,630 persons are 65 or older.
    nauheim = _by_indicator(frame, "06440002")
    assert nauheim["share_65_plus"] == pytest.approx(100 * (3_624 + 4_183) / 31_630)
    assert nauheim["share_75_plus"] == pytest.approx(100 * 4_183 / 31_630)
    # Every region's 75+ on its own: the tidy file's age_75_plus / total.
    by_hand = (
        tidy.filter((pl.col("sex") == "total") & (pl.col("total") > 0))
        .select(
            pl.col("ags").alias("area"),
            (100 * pl.col("age_75_plus") / pl.col("total")).alias("expected"),
        )
        .join(frame.filter(pl.col("indicator") == "share_75_plus"), on="area")
    )
    assert by_hand.height == 888 - 4
    assert (by_hand["value"] - by_hand["expected"]).abs().max() < 1e-9  # type: ignore[operator]
    # The uninhabited gemeindefreie Gebiete (only "-"): 0 persons, no share.
    gutsbezirk = _by_indicator(frame, "06636200")
    assert gutsbezirk == {"population_male": 0, "population_female": 0}
    # Rows of only "-" the tidy file drops as regions that did not exist on that date (the old
    # Kreis Aachen, 05354…): the reader gives them 0 persons and no share, as for 12411-01-01-5.
    extra = frame.join(expected, on=["area", "indicator"], how="anti")
    assert set(extra["value"]) == {0.0} and extra.height == 2 * 10
    assert set(extra["indicator"]) == {"population_male", "population_female"}
    assert all(key.startswith("05354") for key in extra["area"])
