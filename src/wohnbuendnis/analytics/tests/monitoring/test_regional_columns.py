"""The Regionaldatenbank's municipal tables with several value columns: the year from the
column header, a title line or the row; special signs; problems with their line."""

from __future__ import annotations

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
