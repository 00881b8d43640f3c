"""Back-test of Konstanz: base 31.12.2015, observed 2016–2025 (konstanz-in-zahlen).

Destatis rates scaled to the city's births and deaths of 2013–2015, the city's yearly in/out
migration totals with the profiles documented in docs/forecast-assumptions.md. The APE of the
total and the population-weighted APE over the age groups are printed (``pytest -rP`` shows
them) and bounded by what the method reaches today, so a regression fails the test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from wohnbuendnis.analytics.forecast import project
from wohnbuendnis.analytics.io.konstanz import konstanz_backtest, read_pyramid


@pytest.fixture(scope="module")
def summary(real_data: Path) -> pl.DataFrame:
    result = project(konstanz_backtest(real_data), backtest=2015)
    frame = result.backtest_summary.sort("year")
    for row in frame.iter_rows(named=True):
        print(
            f"Konstanz back-test {row['year']}: APE total {row['ape_total']:.2f} %, "
            f"weighted APE by age group {row['weighted_ape']:.2f} %"
        )
    return frame


def test_pyramids_add_up_to_the_published_totals(real_data: Path) -> None:
    folder = real_data / "konstanz-in-zahlen" / "bevoelkerung" / "pyramiden"
    assert read_pyramid(folder / "pyramide_2015.csv").sum() == 84_290
    assert read_pyramid(folder / "pyramide_2025.csv").sum() == 87_178


def test_ape_of_the_total(summary: pl.DataFrame) -> None:
    ape = summary["ape_total"].to_numpy()
    assert len(ape) == 10
    assert ape[0] < 0.5  # one year ahead
    assert ape.max() < 4.0  # reached: 0.15 % (2016) … 3.4 % (2025)
    assert np.mean(ape) < 2.5


def test_weighted_ape_by_age_group(summary: pl.DataFrame) -> None:
    wape = summary["weighted_ape"].to_numpy()
    assert wape[0] < 2.5
    assert wape.max() < 8.0  # reached: 1.6 % (2016) … 7.2 % (2020)
