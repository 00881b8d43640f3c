"""Reading official projections (GENESIS 12421 and office tables) and the comparison with the
own forecast, against hand-computed numbers and the real Destatis file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from wohnbuendnis.analytics.forecast.official import compare
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.io.official_projection import parse_official_projection

DESTATIS = "destatis-vorausberechnung-15/12421-0002_15kBV_variante1_G2L2W1_geschlecht_altersjahre_2022-2070.csv"  # noqa: E501


def test_the_destatis_projection_reads_as_published(real_data: Path) -> None:
    path = real_data / DESTATIS
    result = parse_official_projection(path.read_bytes(), path.name)
    assert result.layout == "genesis-12421" and result.region == "Deutschland"
    assert result.variant.startswith("BEV-VARIANTE-01")
    assert result.years[0] == 2022 and result.years[-1] == 2070 and len(result.years) == 49
    at = dict(zip(result.years, result.population, strict=True))
    # the published totals in 1000 (PROVENANCE.md): 2022 84,039.9; 2040 81,848.3; 2070 74,521.6
    assert_allclose([at[2022], at[2040], at[2070]], [84_039_900, 81_848_300, 74_521_600])


def test_a_state_office_table_with_age_groups_and_totals() -> None:
    text = (
        "Gebiet;Jahr;Altersgruppe;Bevölkerung\n"
        "Hessen;2025;unter 20;1.200.000\n"
        "Hessen;2025;20 und älter;5.100.000,5\n"
        "Hessen;31.12.2030;Insgesamt;6.250.000\n"
    ).encode("cp1252")
    result = parse_official_projection(text, "hessen.csv")
    assert result.region == "Hessen" and result.years == (2025, 2030)
    assert_allclose(result.population, [6_300_000.5, 6_250_000])


def test_refusals_name_line_and_code() -> None:
    with pytest.raises(InputError) as caught:
        parse_official_projection(b"Jahr;Einwohner\n2030;12.0x0\n", "f.csv")
    assert (caught.value.code, caught.value.line) == (Code.GERMAN_NUMBER_EXPECTED, 2)
    with pytest.raises(InputError) as caught:
        parse_official_projection(b"Jahr;Einwohner\n2030;1\n2030;2\n", "f.csv")
    assert (caught.value.code, caught.value.line) == (Code.DUPLICATE_ROW, 3)
    with pytest.raises(InputError) as caught:
        parse_official_projection(b"Jahr;Einwohner\n", "f.csv")
    assert caught.value.code == Code.NO_DATA_ROWS
    genesis = (
        b"GENESIS-Tabelle: 12421-0002\n;;;;31.12.2030;31.12.2031\n"
        b"BEV-VARIANTE-01;a;Insgesamt;Insgesamt;1,0;2,0\n"
        b"BEV-VARIANTE-02;b;Insgesamt;Insgesamt;1,0;2,0\n"
    )
    with pytest.raises(InputError) as caught:
        parse_official_projection(genesis, "g.csv")
    assert (caught.value.code, caught.value.line) == (Code.PROJECTION_VARIANTS, 4)


def test_the_comparison_per_common_year() -> None:
    result = compare(
        np.array([2024, 2025, 2026]),
        np.array([1000.0, 1010.0, 1030.0]),
        np.array([2025, 2026, 2027]),
        np.array([1000.0, 1050.0, 1100.0]),
    )
    assert result.years.tolist() == [2025, 2026]
    assert_allclose(result.difference, [10.0, -20.0])
    assert_allclose(result.percent, [1.0, -20 / 1050 * 100])


def test_a_larger_area_is_compared_by_its_development() -> None:
    # Germany 84.0 → 83.0 million, the city 100,000 → 100,500: scaled to 100,000 in 2024
    result = compare(
        np.array([2024, 2030]),
        np.array([100_000.0, 100_500.0]),
        np.array([2024, 2030]),
        np.array([84_000_000.0, 83_000_000.0]),
        as_index=True,
    )
    assert_allclose(result.official, [100_000.0, 100_000 * 83 / 84])
    assert_allclose(result.difference[1], 100_500 - 100_000 * 83 / 84)
