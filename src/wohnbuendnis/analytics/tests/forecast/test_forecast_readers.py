"""Readers of official files: GENESIS exports and the Konstanz city tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wohnbuendnis.analytics.forecast import calibration
from wohnbuendnis.analytics.io import genesis
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.io.konstanz import read_pyramid, read_series


def test_genesis_population_names_the_bad_line() -> None:
    text = (
        "GENESIS-Tabelle: 12411-0006\n31.12.2021;unter 1 Jahr;10;9;19\n31.12.2021;1-Jährige;x;9;9\n"
    )
    with pytest.raises(InputError) as info:
        genesis.parse_population_12411_0006(text, "12411-0006.csv")
    assert (info.value.line, info.value.column) == (3, "männlich")


def test_genesis_population_checks_the_total() -> None:
    text = "31.12.2021;unter 1 Jahr;10;9;19\n31.12.2021;Insgesamt;10;10;20\n"
    with pytest.raises(InputError) as info:
        genesis.parse_population_12411_0006(text, "p.csv")
    assert info.value.line == 2


def test_genesis_life_table_needs_every_age() -> None:
    row = "0 Jahre" + ";0,003;e" * 14
    with pytest.raises(InputError, match="every age"):
        genesis.parse_life_table_12621_0001(row + "\n", "t.csv")


def test_real_genesis_tables_match_their_provenance(real_data: Path) -> None:
    projection = real_data / "destatis-vorausberechnung-15"
    population = genesis.read_population_12411_0006(next(projection.glob("12411-0006*.csv")))
    assert population[2021].sum(axis=1).tolist() == [42_170_339, 41_066_785]
    table = genesis.read_life_table_12621_0001(
        real_data / "destatis-sterbetafeln" / "12621-0001_sterbetafel_2020-2022.csv"
    )
    np.testing.assert_allclose(table["ex"][:, 0], [83.18, 78.33])
    a0 = calibration.infant_a0(table["lx"], table["Lx"])
    rebuilt = calibration.life_table(table["qx"], a0, table["ex"][:, 100])["e0"]
    np.testing.assert_allclose(rebuilt, [83.18, 78.33], atol=0.01)
    years, rates = genesis.read_fertility_12612_0008(
        next((real_data / "destatis-geburtenziffern").glob("12612-0008*.csv"))
    )
    assert rates[years.index(2021)].sum() == pytest.approx(1.576, abs=0.002)
    pub_years, published = genesis.read_projection_12421_0002(
        next(projection.glob("12421-0002*.csv"))
    )
    assert published[pub_years.index(2030)].sum() == pytest.approx(83_643_500, rel=1e-4)


def test_konstanz_pyramid_with_a_bad_age_label(tmp_path: Path) -> None:
    path = tmp_path / "pyramide_2000.csv"
    path.write_text(
        "alter,maenner_nichtdeutsch,frauen_nichtdeutsch,maenner_deutsch,frauen_deutsch\n"
        "0_bis_unter_1,1,2,3,4\nneunzig,1,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pyramid(path)
    assert (info.value.line, info.value.column) == (3, "alter")


def test_konstanz_series(real_data: Path) -> None:
    moves = read_series(
        real_data / "konstanz-in-zahlen" / "bevoelkerung" / "zu_und_wegzug.csv",
        ("zuzug", "wegzug"),
    )
    assert moves[2024].tolist() == [8328, 7995]


def test_dwellings_from_monitoring_observations() -> None:
    from wohnbuendnis.analytics.io.forecast_observations import dwellings_frame
    from wohnbuendnis.analytics.io.observations import parse_observations

    text = (
        "indicator,area,year,value\n"
        "dwellings,01,2024,1000\ndwellings,02,2024,500\nvacancy_rate,01,2024,2.5\n"
        "dwellings,03,2023,10\n"
    )
    frame = dwellings_frame(parse_observations(text), ["01", "02"], 2024)
    assert frame.rows() == [("01", 1000.0, 25.0), ("02", 500.0, 0.0)]
    with pytest.raises(InputError, match="missing: 03"):
        dwellings_frame(parse_observations(text), ["01", "03"], 2024)
