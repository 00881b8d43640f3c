"""``read_inputs``: a forecast input folder (forecast.md) → validated :class:`ForecastInputs`."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import polars as pl

from wohnbuendnis.analytics.forecast.model import (
    Dwellings,
    FloatArray,
    ForecastInputs,
    Households,
    IntArray,
    Rates,
    YearTable,
)
from wohnbuendnis.analytics.io import forecast_files as files
from wohnbuendnis.analytics.io import tables
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.analytics.io.forecast_toml import Settings, read_settings

POPULATION = "population.csv"


def _ages(settings: Settings, frame: pl.DataFrame) -> IntArray:
    """Single ages 0…100, or 5-year groups 0, 5, … up to the open group of population.csv."""
    if settings.step == 1:
        return np.arange(101, dtype=np.int64)
    values = tables.int_column(frame, "age", POPULATION, 0, 100, "an age")
    top = int(values.max()) if len(values) else 0
    if top % 5 or top == 0:
        raise InputError(POPULATION, Code.AGE_GROUPS_FIVE, column="age")
    return np.arange(0, top + 1, 5, dtype=np.int64)


def _population(
    folder: Path, settings: Settings
) -> tuple[tuple[str, ...], IntArray, FloatArray, dict[int, FloatArray], str]:
    """population.csv → sorted areas, ages, base population, observed years, SHA-256."""
    path = folder / POPULATION
    frame = tables.read_table(path, ["area", "sex", "age", "count"], ["year"])
    if "year" in frame.columns:
        years = tables.int_column(frame, "year", POPULATION, 1800, 2300, "a year")
    else:
        years = np.full(len(frame), settings.base_year, dtype=np.int64)
    base_rows = frame.filter(pl.Series(years == settings.base_year))
    areas = tuple(sorted(set(base_rows["area"].str.strip_chars().to_list())))
    if not areas:
        raise InputError(
            POPULATION, Code.NO_BASE_YEAR_ROWS, column="year", params={"year": settings.base_year}
        )
    ages = _ages(settings, frame)
    area = tables.area_column(frame, POPULATION, areas)
    sex = tables.sex_column(frame, POPULATION)
    age = tables.age_column(frame, POPULATION, ages)
    count = tables.float_column(frame, "count", POPULATION, 0.0)
    tables.check_unique(frame, [years, area, sex, age], POPULATION, "year, area, sex and age")
    observed: dict[int, FloatArray] = {}
    for year in np.unique(years).tolist():
        rows = years == year
        array = np.zeros((len(areas), 2, len(ages)))
        array[area[rows], sex[rows], age[rows]] = count[rows]
        observed[int(year)] = array
    base = observed.pop(settings.base_year)
    return areas, ages, base, observed, tables.sha256(path)


def _rates(ctx: files.Context, settings: Settings, sources: dict[str, str]) -> Rates:
    municipal = settings.method == "municipal"
    if municipal:
        mort, sources["mortality.csv"] = files.read_keyed(ctx, "mortality.csv", {"qx": (0, 1)})
        mortality = mort["qx"]
    else:
        life, sources["lifetable.csv"] = files.read_keyed(ctx, "lifetable.csv", {"Lx": (0, None)})
        mortality = life["Lx"]
    fertility, sources["fertility.csv"] = files.read_fertility(ctx, 1 if municipal else 0)
    if not municipal:
        net, sources["migration.csv"] = files.read_keyed(
            ctx, "migration.csv", {"net": (-1e12, None)}, area="required", complete=False
        )
        return Rates(mortality, fertility, net["net"])
    return _municipal_migration(ctx, mortality, fertility, sources)


def _municipal_migration(
    ctx: files.Context, mortality: YearTable, fertility: YearTable, sources: dict[str, str]
) -> Rates:
    file = "migration.csv"
    frame = tables.read_table(ctx.folder / file, ["area"], ["emigration_rate", "move_out_rate"])
    columns: dict[str, files.Bounds] = {"immigrants": (0, None), "emigration_rate": (0, 1)}
    moves = "move_out_rate" in frame.columns
    if moves:
        columns |= {"move_out_rate": (0, 1), "move_in_share": (0, 1)}
    mig, sources[file] = files.read_keyed(ctx, file, columns, area="required", complete=False)
    if moves:
        files.check_shares(ctx, mig["move_in_share"], file)
        total = tables.float_column(frame, "emigration_rate", file, 0, 1) + tables.float_column(
            frame, "move_out_rate", file, 0, 1
        )
        if (total > 1).any():
            line = int(frame[tables.LINE][int(np.argmax(total > 1))])
            raise InputError(
                file,
                Code.SUM_EXCEEDED,
                line=line,
                column="move_out_rate",
                params={"first": "emigration_rate", "second": "move_out_rate"},
            )
    return Rates(
        mortality,
        fertility,
        mig["immigrants"],
        mig["emigration_rate"],
        mig.get("move_out_rate"),
        mig.get("move_in_share"),
    )


def _households(ctx: files.Context, sources: dict[str, str]) -> Households | None:
    headship = files.read_households(ctx)
    if headship is None:
        return None
    table, sources["households.csv"] = headship
    sizes = files.read_household_sizes(ctx)
    shares = None
    if sizes is not None:
        shares, sources["household_sizes.csv"] = sizes
    institutional = None
    if (ctx.folder / "institutional.csv").is_file():
        inst, sources["institutional.csv"] = files.read_keyed(
            ctx, "institutional.csv", {"count": (0, None)}, area="required", complete=False
        )
        institutional = inst["count"].values[0]
    return Households(table, shares, institutional)


def _dwellings(ctx: files.Context, sources: dict[str, str]) -> Dwellings | None:
    file = "dwellings.csv"
    path = ctx.folder / file
    if not path.is_file():
        return None
    optional = ["fluctuation_reserve", "demolition_rate", "backlog_years"]
    frame = tables.read_table(path, ["area", "stock", "vacant_usable"], optional)
    area = tables.area_column(frame, file, ctx.areas)
    tables.check_unique(frame, [area], file, "area")
    n = len(ctx.areas)
    filled = np.zeros(n, dtype=bool)
    filled[area] = True
    tables.check_complete(filled, frame, file, [list(ctx.areas)])
    defaults = {"fluctuation_reserve": 0.02, "demolition_rate": 0.002, "backlog_years": 5.0}
    values: dict[str, FloatArray] = {}
    for column in ["stock", "vacant_usable", *optional]:
        array = np.full(n, defaults.get(column, 0.0))
        if column in frame.columns:
            high = 1.0 if column in defaults and column != "backlog_years" else None
            low = 1.0 if column == "backlog_years" else 0.0
            array[area] = tables.float_column(frame, column, file, low, high)
        values[column] = array
    sources[file] = tables.sha256(path)
    return Dwellings(
        values["stock"],
        values["vacant_usable"],
        values["fluctuation_reserve"],
        values["demolition_rate"],
        values["backlog_years"].astype(np.int64),
        _completions(ctx, sources),
    )


def _completions(ctx: files.Context, sources: dict[str, str]) -> FloatArray:
    """completions_plan.csv → planned completions ``[area, projected year]`` (zeros if absent)."""
    file = "completions_plan.csv"
    path = ctx.folder / file
    years = np.arange(ctx.base_year + 1, ctx.horizon + 1)
    array = np.zeros((len(ctx.areas), len(years)))
    if not path.is_file():
        return array
    frame = tables.read_table(path, ["area", "year", "dwellings"])
    area = tables.area_column(frame, file, ctx.areas)
    year = tables.int_column(frame, "year", file, ctx.base_year + 1, ctx.horizon, "a year")
    tables.check_unique(frame, [area, year], file, "area and year")
    array[area, year - ctx.base_year - 1] = tables.float_column(frame, "dwellings", file, 0.0)
    sources[file] = tables.sha256(path)
    return array


def read_inputs(folder: str | os.PathLike[str]) -> ForecastInputs:
    """Read and validate a forecast input folder (forecast.md, "Input folder").

    ``folder`` holds ``scenario.toml`` and the CSV files. Returns :class:`ForecastInputs` with
    sorted areas and arrays ``[area, sex, age]``. Every invalid input raises
    :class:`~wohnbuendnis.analytics.io.errors.InputError` naming file, line, column and the
    expected value; nothing is written.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(str(root), Code.FILE_MISSING)
    settings, _ = read_settings(root)
    sources = {"scenario.toml": tables.sha256(root / "scenario.toml")}
    areas, ages, base, observed, sources[POPULATION] = _population(root, settings)
    ctx = files.Context(root, areas, ages, settings.base_year, settings.horizon)
    return ForecastInputs(
        method=settings.method,
        base_year=settings.base_year,
        horizon=settings.horizon,
        step=settings.step,
        areas=areas,
        ages=ages,
        population=base,
        rates=_rates(ctx, settings, sources),
        scenarios=settings.scenarios,
        sex_ratio_at_birth=settings.sex_ratio_at_birth,
        newborn_exposure=settings.newborn_exposure,
        l0=settings.l0,
        draws=settings.draws,
        households=_households(ctx, sources),
        dwellings=_dwellings(ctx, sources),
        observed=observed,
        sources=dict(sorted(sources.items())),
    )
