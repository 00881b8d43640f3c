"""The result of :func:`~wohnbuendnis.analytics.forecast.project`: arrays, tables and ``write``.

Tables are polars DataFrames in the column order of forecast.md ("Outputs"), built lazily on
first access and sorted by scenario, area, year, sex, age.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wohnbuendnis.analytics.forecast.backtest import GROUP_LABELS, Backtest
from wohnbuendnis.analytics.forecast.draws import MEASURES, QUANTILE_COLUMNS
from wohnbuendnis.analytics.forecast.households import DEMAND, Demand
from wohnbuendnis.analytics.forecast.model import SEXES, FloatArray, IntArray
from wohnbuendnis.analytics.forecast.simulate import FLOWS

SIZES = ("1", "2", "3", "4", "5+")


@dataclass(frozen=True)
class ScenarioResult:
    """Arrays of one scenario. ``population`` ``[year, area, sex, age]`` (base year first);
    ``flows`` ``[step, area, sex, flow]``; ``households``/``household_population``
    ``[year, area]``; ``by_size`` ``[year, area, 5]``; ``size_need`` ``[year, area, 5]``;
    ``quantiles`` ``[year, area, measure, 7]``."""

    name: str
    population: FloatArray
    flows: FloatArray
    households: FloatArray | None = None
    household_population: FloatArray | None = None
    by_size: FloatArray | None = None
    size_need: FloatArray | None = None
    demand: Demand | None = None
    quantiles: FloatArray | None = None
    backtest: Backtest | None = None


def long_frame(
    keys: list[tuple[str, npt.NDArray[Any]]], values: dict[str, FloatArray]
) -> pl.DataFrame:
    """A long table from arrays whose axes are ``keys`` (name, labels), in C order."""
    shape = tuple(len(labels) for _, labels in keys)
    index = np.indices(shape).reshape(len(shape), -1) if shape else np.zeros((0, 1), int)
    columns: dict[str, Any] = {name: labels[index[i]] for i, (name, labels) in enumerate(keys)}
    columns |= {name: np.ascontiguousarray(v).reshape(-1) for name, v in values.items()}
    return pl.DataFrame(columns)


@dataclass
class ForecastResult:
    """All scenarios of one run plus what ``run.json`` records."""

    method: str
    areas: tuple[str, ...]
    ages: IntArray
    years: IntArray
    runs: list[ScenarioResult]
    seed: int = 0
    draws: int = 0
    sources: dict[str, str] = field(default_factory=dict)
    wall_time: float = 0.0
    version: str = "0"

    def _stack(self, build: Any) -> pl.DataFrame:
        frames = []
        for run in self.runs:
            frame = build(run)
            if frame is not None:
                frames.append(frame.select(pl.lit(run.name).alias("scenario"), pl.all()))
        return pl.concat(frames) if frames else pl.DataFrame()

    def _areas(self) -> tuple[str, npt.NDArray[Any]]:
        return ("area", np.asarray(self.areas, dtype=object))

    @cached_property
    def population(self) -> pl.DataFrame:
        """``scenario, area, year, sex, age, count`` (persons on 31.12., base year included)."""
        keys = [
            self._areas(),
            ("year", self.years),
            ("sex", np.asarray(SEXES, dtype=object)),
            ("age", self.ages),
        ]
        return self._stack(
            lambda r: long_frame(keys, {"count": r.population.transpose(1, 0, 2, 3)})
        )

    @cached_property
    def components(self) -> pl.DataFrame:
        """``scenario, area, year, sex`` + the flows of each step (persons per step)."""
        keys = [self._areas(), ("year", self.years[1:]), ("sex", np.asarray(SEXES, object))]
        return self._stack(
            lambda r: long_frame(
                keys, {f: r.flows[..., k].transpose(1, 0, 2) for k, f in enumerate(FLOWS)}
            )
        )

    def _per_area_year(self, values: dict[str, FloatArray]) -> pl.DataFrame:
        keys = [self._areas(), ("year", self.years)]
        return long_frame(keys, {k: v.T for k, v in values.items()})

    @cached_property
    def households(self) -> pl.DataFrame:
        """``scenario, area, year, households, household_population, average_size``."""

        def build(r: ScenarioResult) -> pl.DataFrame | None:
            if r.households is None or r.household_population is None:
                return None
            size = np.divide(
                r.household_population,
                r.households,
                out=np.zeros_like(r.households),
                where=r.households > 0,
            )
            return self._per_area_year(
                {
                    "households": r.households,
                    "household_population": r.household_population,
                    "average_size": size,
                }
            )

        return self._stack(build)

    @cached_property
    def households_by_size(self) -> pl.DataFrame:
        """``scenario, area, year, size, households, new_construction_need`` (size 1…5+)."""
        keys = [self._areas(), ("year", self.years), ("size", np.asarray(SIZES, object))]

        def build(r: ScenarioResult) -> pl.DataFrame | None:
            if r.by_size is None:
                return None
            need = r.size_need if r.size_need is not None else np.full_like(r.by_size, np.nan)
            return long_frame(
                keys,
                {
                    "households": r.by_size.transpose(1, 0, 2),
                    "new_construction_need": need.transpose(1, 0, 2),
                },
            )

        return self._stack(build)

    @cached_property
    def housing_demand(self) -> pl.DataFrame:
        """``scenario, area, year`` + the component-model columns of forecast.md."""
        return self._stack(
            lambda r: (
                None
                if r.demand is None
                else self._per_area_year({k: r.demand.values[k] for k in DEMAND})
            )
        )

    @cached_property
    def quantiles(self) -> pl.DataFrame:
        """``scenario, area, year, measure, p05 … p95`` over the stochastic draws."""

        def build(r: ScenarioResult) -> pl.DataFrame | None:
            if r.quantiles is None:
                return None
            count = r.quantiles.shape[2]
            keys = [
                self._areas(),
                ("year", self.years),
                ("measure", np.asarray(MEASURES[:count], object)),
            ]
            q = r.quantiles.transpose(1, 0, 2, 3)
            return long_frame(keys, {c: q[..., k] for k, c in enumerate(QUANTILE_COLUMNS)})

        return self._stack(build)

    @cached_property
    def backtest(self) -> pl.DataFrame:
        """``scenario, area, year, age_group, observed, projected, error, pe, ape``."""

        def build(r: ScenarioResult) -> pl.DataFrame | None:
            b = r.backtest
            if b is None:
                return None
            keys = [
                self._areas(),
                ("year", b.years),
                ("age_group", np.asarray(GROUP_LABELS, object)),
            ]
            fields = {"observed": b.observed, "projected": b.projected, "error": b.error}
            fields |= {"pe": b.pe, "ape": b.ape}
            return long_frame(keys, {k: v.transpose(1, 0, 2) for k, v in fields.items()})

        return self._stack(build)

    @cached_property
    def backtest_summary(self) -> pl.DataFrame:
        """``scenario, area, year, ape_total, weighted_ape`` (weighted over the age groups)."""

        def build(r: ScenarioResult) -> pl.DataFrame | None:
            b = r.backtest
            if b is None:
                return None
            keys = [self._areas(), ("year", b.years)]
            return long_frame(
                keys, {"ape_total": b.ape[..., 0].T, "weighted_ape": b.weighted_ape.T}
            )

        return self._stack(build)

    def backtest_accuracy(self, total: str) -> pl.DataFrame:
        """``scenario, area, year, observed, projected, ape_total, weighted_ape`` of every area
        and of their sum (area ``total``): the one summary of the back-test that pages and
        stored rows use (``observed``/``projected``: all ages, persons)."""

        def build(r: ScenarioResult) -> pl.DataFrame | None:
            if r.backtest is None:
                return None
            b = r.backtest.with_total()
            keys = [("area", np.asarray((*self.areas, total), object)), ("year", b.years)]
            values = {"observed": b.observed[..., 0], "projected": b.projected[..., 0]}
            values |= {"ape_total": b.ape[..., 0], "weighted_ape": b.weighted_ape}
            return long_frame(keys, {k: v.T for k, v in values.items()})

        return self._stack(build)

    def tables(self) -> dict[str, pl.DataFrame]:
        """Every non-empty output table by file stem."""
        names = [
            "population",
            "components",
            "households",
            "households_by_size",
            "housing_demand",
            "quantiles",
            "backtest",
            "backtest_summary",
        ]
        frames = {name: getattr(self, name) for name in names}
        return {name: frame for name, frame in frames.items() if frame.height}

    def run_info(self) -> dict[str, Any]:
        """The content of ``run.json``."""
        return {
            "version": self.version,
            "method": self.method,
            "seed": self.seed,
            "draws": self.draws,
            "scenarios": [r.name for r in self.runs],
            "inputs_sha256": self.sources,
            "wall_time_seconds": round(self.wall_time, 3),
        }

    def write(self, out: str | os.PathLike[str], format: str = "csv") -> None:
        """Write the output files (forecast.md, "Outputs") into ``out``, atomically.

        Files are written to a temporary folder inside ``out`` and renamed at the end; on any
        error nothing is left behind. ``format``: "csv" (6 decimals) or "parquet".
        """
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=target))
        try:
            for name, frame in self.tables().items():
                if format == "parquet":
                    frame.write_parquet(tmp / f"{name}.parquet")
                else:
                    frame.write_csv(tmp / f"{name}.csv", float_precision=6)
            text = json.dumps(self.run_info(), indent=2, sort_keys=True) + "\n"
            (tmp / "run.json").write_text(text, encoding="utf-8")
            for item in sorted(tmp.iterdir()):
                os.replace(item, target / item.name)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
