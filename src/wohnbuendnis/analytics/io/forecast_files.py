"""Readers of the forecast input CSV files (forecast.md, "Input folder") into arrays.

Each ``read_*`` function validates one file and returns arrays indexed ``[year, area, sex, age]``
(see :mod:`wohnbuendnis.analytics.forecast.model`). Errors name file, line, column and expectation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from wohnbuendnis.analytics.forecast.model import SEXES, FloatArray, IntArray, YearTable
from wohnbuendnis.analytics.io import tables
from wohnbuendnis.analytics.io.errors import Code, InputError

Bounds = tuple[float, float | None]


@dataclass(frozen=True)
class Context:
    """What every file is checked against: sorted areas, ages, years of the run, folder."""

    folder: Path
    areas: tuple[str, ...]
    ages: IntArray
    base_year: int
    horizon: int


@dataclass(frozen=True)
class Grid:
    """Row positions of a keyed table: year index, area index, sex, age index per row."""

    years: tuple[int, ...]
    year: IntArray
    area: IntArray
    n_areas: int
    sex: IntArray | None
    age: IntArray


def _grid(
    frame: pl.DataFrame, name: str, ctx: Context, *, area: bool, sex: bool, age_shift: int = 0
) -> Grid:
    """Index columns of a table; ``area``/``year`` columns may be optional (then size 1)."""
    if "year" in frame.columns:
        values = tables.int_column(frame, "year", name, 1800, 2300, "a year")
        years, year_index = np.unique(values, return_inverse=True)
    else:
        years, year_index = np.array([0]), np.zeros(len(frame), dtype=np.int64)
    if area:
        area_index, n_areas = tables.area_column(frame, name, ctx.areas), len(ctx.areas)
    else:
        area_index, n_areas = np.zeros(len(frame), dtype=np.int64), 1
    sex_index = tables.sex_column(frame, name) if sex else None
    if age_shift:
        ages = ctx.ages + age_shift
        age_index = tables.age_column(frame, name, ages)
    else:
        age_index = tables.age_column(frame, name, ctx.ages)
    keys = [year_index, area_index, age_index] + ([sex_index] if sex_index is not None else [])
    tables.check_unique(frame, keys, name, "year, area, sex and age")
    return Grid(tuple(int(y) for y in years), year_index, area_index, n_areas, sex_index, age_index)


def _fill(grid: Grid, values: FloatArray, n_ages: int) -> tuple[FloatArray, FloatArray]:
    """Scatter row values into ``[year, area, (sex,) age]``; also return the filled mask."""
    shape: tuple[int, ...] = (len(grid.years), grid.n_areas)
    index: tuple[IntArray, ...] = (grid.year, grid.area)
    if grid.sex is not None:
        shape, index = (*shape, len(SEXES)), (*index, grid.sex)
    shape, index = (*shape, n_ages), (*index, grid.age)
    array = np.zeros(shape)
    mask = np.zeros(shape)
    array[index] = values
    mask[index] = 1.0
    return array, mask


def _labels(ctx: Context, grid: Grid) -> list[list[str]]:
    labels = [[f"year {y}" for y in grid.years], [f"area {a}" for a in ctx.areas]]
    if grid.n_areas == 1:
        labels[1] = ["all areas"]
    if grid.sex is not None:
        labels.append([f"sex {s}" for s in SEXES])
    return [*labels, [f"age {a}" for a in ctx.ages.tolist()]]


def read_keyed(
    ctx: Context,
    file: str,
    columns: dict[str, Bounds],
    *,
    area: str = "optional",
    complete: bool = True,
) -> tuple[dict[str, YearTable], str]:
    """Read a ``[area,] sex, age, <columns> [, year]`` file into one YearTable per column.

    ``area``: "required" or "optional" (absent column = same for all areas). With ``complete``
    every (year, area, sex, age) must have a row. Returns the tables and the file's SHA-256.
    """
    path = ctx.folder / file
    required = ["sex", "age", *columns] if area == "optional" else ["area", "sex", "age", *columns]
    frame = tables.read_table(path, required, ["area", "year"])
    grid = _grid(frame, file, ctx, area="area" in frame.columns, sex=True)
    result: dict[str, YearTable] = {}
    for column, (low, high) in columns.items():
        values = tables.float_column(frame, column, file, low, high)
        array, mask = _fill(grid, values, len(ctx.ages))
        if complete:
            tables.check_complete(mask > 0, frame, file, _labels(ctx, grid))
        result[column] = YearTable(grid.years, array)
    return result, tables.sha256(path)


def read_fertility(ctx: Context, shift: int) -> tuple[YearTable, str]:
    """``fertility.csv``: ``age, asfr [, area, year]`` → asfr ``[year, area|1, age-cell]``.

    ``shift`` = 1 in the municipal method: a Destatis rate for age x belongs to cell x − 1.
    Missing ages have rate 0 (the file lists ages 15–49).
    """
    file = "fertility.csv"
    path = ctx.folder / file
    frame = tables.read_table(path, ["age", "asfr"], ["area", "year"])
    grid = _grid(frame, file, ctx, area="area" in frame.columns, sex=False, age_shift=shift)
    values = tables.float_column(frame, "asfr", file, 0.0, 1.0)
    array, _ = _fill(grid, values, len(ctx.ages))
    return YearTable(grid.years, array), tables.sha256(path)


def check_shares(ctx: Context, shares: YearTable, file: str) -> None:
    """``move_in_share`` must sum to 1 over the areas for each year, sex and age."""
    sums = shares.values.sum(axis=1)
    bad = np.abs(sums - 1.0) > 1e-6
    if bad.any():
        y, s, a = (int(i[0]) for i in np.nonzero(bad))
        raise InputError(
            file,
            Code.MOVE_IN_SHARES_SUM,
            column="move_in_share",
            params={
                "year": shares.years[y] or "(all)",
                "sex": SEXES[s],
                "age": int(ctx.ages[a]),
                "found": f"{sums[y, s, a]:.6g}",
            },
        )


def read_households(ctx: Context) -> tuple[YearTable, str] | None:
    """``households.csv``: ``sex, age_from, age_to, headship_rate [, area, year]`` → headship
    rates expanded to ``[year, area|1, sex, age]`` (ages outside every band: 0). None if absent."""
    file = "households.csv"
    path = ctx.folder / file
    if not path.is_file():
        return None
    frame = tables.read_table(
        path, ["sex", "age_from", "age_to", "headship_rate"], ["area", "year"]
    )
    rows = _bands(frame, file, ctx)
    grid = _grid(
        frame.with_columns(age=pl.col("age_from")),
        file,
        ctx,
        area="area" in frame.columns,
        sex=True,
    )
    rate = tables.float_column(frame, "headship_rate", file, 0.0, 1.0)
    shape = (len(grid.years), grid.n_areas, len(SEXES), len(ctx.ages))
    array, seen = np.zeros(shape), np.zeros(shape, dtype=bool)
    for row, (lo, hi) in enumerate(rows):  # one slice per band row, not per cell
        cell = (grid.year[row], grid.area[row], grid.sex[row] if grid.sex is not None else 0)
        if seen[(*cell, slice(lo, hi + 1))].any():
            raise InputError(file, Code.AGE_BANDS_OVERLAP, line=row + 2, column="age_from")
        seen[(*cell, slice(lo, hi + 1))] = True
        array[(*cell, slice(lo, hi + 1))] = rate[row]
    return YearTable(grid.years, array), tables.sha256(path)


def _bands(frame: pl.DataFrame, file: str, ctx: Context) -> list[tuple[int, int]]:
    """Age bands ``age_from``–``age_to`` (inclusive) as index pairs into ``ctx.ages``."""
    lo = tables.age_column(frame, file, ctx.ages, "age_from")
    hi_values = tables.int_column(frame, "age_to", file, 0, 200, "an age")
    hi = np.searchsorted(ctx.ages, np.minimum(hi_values, ctx.ages[-1]), side="right") - 1
    bad = hi < lo
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(file, Code.AGE_BAND_ORDER, line=row + 2, column="age_to")
    return [(int(a), int(b)) for a, b in zip(lo, hi, strict=True)]


SIZE_COLUMNS = ("size_1", "size_2", "size_3", "size_4", "size_5plus")


def read_household_sizes(ctx: Context) -> tuple[FloatArray, str] | None:
    """``household_sizes.csv`` → shares ``[area|1, age, 5]`` of sizes 1…5+ by the head's age."""
    file = "household_sizes.csv"
    path = ctx.folder / file
    if not path.is_file():
        return None
    frame = tables.read_table(path, ["age_from", "age_to", *SIZE_COLUMNS], ["area"])
    rows = _bands(frame, file, ctx)
    shares = np.stack([tables.float_column(frame, c, file, 0.0, 1.0) for c in SIZE_COLUMNS], 1)
    sums = shares.sum(axis=1)
    if (np.abs(sums - 1.0) > 1e-6).any():
        row = int(np.flatnonzero(np.abs(sums - 1.0) > 1e-6)[0])
        raise InputError(file, Code.SHARES_SUM, line=row + 2, params={"found": f"{sums[row]:.6g}"})
    has_area = "area" in frame.columns
    area = tables.area_column(frame, file, ctx.areas) if has_area else np.zeros(len(frame), int)
    array = np.zeros((len(ctx.areas) if has_area else 1, len(ctx.ages), len(SIZE_COLUMNS)))
    for row, (lo, hi) in enumerate(rows):
        array[area[row], lo : hi + 1, :] = shares[row]
    return array, tables.sha256(path)
