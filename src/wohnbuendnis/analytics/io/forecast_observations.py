"""Forecast inputs from the platform's monitoring observations (monitoring.md, observations.csv).

The observations hold totals per area and year (``dwellings``, ``vacancy_rate``, ``population``
…), not ages, so they supply ``dwellings.csv`` and totals to compare a projection with; the
population by sex and age still comes from the city's register or GENESIS.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from wohnbuendnis.analytics.io.errors import Code, InputError


def dwellings_frame(
    observations: pl.DataFrame,
    areas: Sequence[str],
    base_year: int,
    file: str = "observations.csv",
) -> pl.DataFrame:
    """``dwellings.csv`` rows (area, stock, vacant_usable) for ``areas`` in ``base_year``.

    ``observations``: a frame from ``parse_observations`` (indicator, area, year, value, …).
    stock = the ``dwellings`` observation (dwellings); vacant_usable = stock × ``vacancy_rate``
    / 100 where a vacancy rate (percent) is observed, else 0 (an assumption: every observed
    vacancy counts as usable). Raises InputError naming the area without a dwellings value.
    """
    year = observations.filter(pl.col("year") == base_year)
    stock = year.filter(pl.col("indicator") == "dwellings").select("area", stock="value")
    rate = year.filter(pl.col("indicator") == "vacancy_rate").select("area", rate="value")
    wanted = pl.DataFrame({"area": list(areas)}, schema={"area": pl.String})
    frame = wanted.join(stock, on="area", how="left").join(rate, on="area", how="left")
    missing = frame.filter(pl.col("stock").is_null())["area"].to_list()
    if missing:
        raise InputError(
            file,
            Code.MISSING_OBSERVATION,
            column="indicator",
            params={"indicator": "dwellings", "year": base_year, "areas": ", ".join(missing[:5])},
        )
    return frame.select(
        "area",
        "stock",
        vacant_usable=pl.col("stock") * pl.col("rate").fill_null(0.0) / 100.0,
    )


def observed_totals(
    observations: pl.DataFrame, areas: Sequence[str], indicator: str = "population"
) -> pl.DataFrame:
    """Observed totals (area, year, value) of ``indicator`` for ``areas``, e.g. to show the
    accuracy of a past projection of the total next to a new one."""
    return (
        observations.filter(pl.col("indicator") == indicator, pl.col("area").is_in(list(areas)))
        .select("area", "year", "value")
        .sort("area", "year")
    )
