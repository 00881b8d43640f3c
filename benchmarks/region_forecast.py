"""Region-wide forecast benchmark (issue 15, item 4): prints figures and the ratio to the
target, asserts nothing timed.

    .venv/bin/python benchmarks/region_forecast.py [--skip-dask]

A Land of about 420 municipalities (Hessen's 2022 population sizes from
``../shared/data/real/zensus2022-gemeinden``; 420 synthetic sizes without it), single ages
0–100, 30 years, with households, household sizes and the housing demand, in-process:

1. the inputs from the municipalities' figures (age groups split into single ages, the input
   folder written and validated by the engine's reader, as ``services.create_region_inputs``);
2. ``project()``: population, households by size, housing demand (best of 3);
3. the demand table per municipality and period with its exact sum row;

and the same projection through Dask (LocalCluster, 2 worker processes), compared bit for bit.
Target: all three steps ≤ 5 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.forecast import region as R

SHARED = Path(os.environ.get("WOHNBUENDNIS_SHARED", Path(__file__).resolve().parents[2] / "shared"))
TARGET = 5.0
BASE, HORIZON = 2024, 2054


def sizes() -> tuple[np.ndarray, str]:
    """Population of Hessen's municipalities (Zensus 2022), or 420 synthetic sizes."""
    files = list((SHARED / "data/real/zensus2022-gemeinden").glob("*.csv"))
    if not files:
        rng = np.random.default_rng(0)
        return np.round(np.exp(rng.normal(np.log(6000), 1.0, 420))), "synthetic"
    frame = pl.read_csv(files[0], separator=";", infer_schema=False, encoding="utf8-lossy")
    hessen = frame.filter(
        (pl.col("1_variable_code") == "GEOGM4")
        & pl.col("1_variable_attribute_code").str.starts_with("06")
    )
    return hessen["value"].cast(pl.Float64).to_numpy(), "Hessen, Zensus 2022"


def figures(population: np.ndarray) -> R.Municipalities:
    """What the monitoring might know of each municipality (shares under 18, 65+, 75+ and 80+,
    women, households, dwellings, migration, permits), varied around typical values."""
    rng = np.random.default_rng(1)
    n = len(population)
    young, old, oldest = rng.normal(16.5, 1.5, n), rng.normal(22.0, 2.5, n), rng.normal(7.0, 1.0, n)
    # 75+ as 12411-02-03-5 gives it, between 80+ and 65+; women about 50.5–51.5 % of the people
    # (drawn apart, so that the other figures stay those of the earlier runs)
    more = np.random.default_rng(2)
    older = oldest + more.uniform(0.3, 0.6, n) * (old - oldest)
    women = population * more.normal(0.51, 0.004, n)
    completions = np.stack(
        [
            R.planned_completions(BASE, HORIZON, {}, {2023: p * 0.003, 2024: p * 0.0035})
            for p in population
        ]
    )
    return R.Municipalities(
        keys=tuple(f"06{i:06d}" for i in range(n)),
        base_year=BASE,
        groups=tuple(
            tuple(R.groups_from_shares(p, a, {65: b, 75: c, 80: d}))
            for p, a, b, c, d in zip(population, young, old, older, oldest, strict=True)
        ),
        population=population,
        women=women,
        households=population / rng.normal(2.05, 0.1, n),
        dwellings=np.round(population / rng.normal(2.1, 0.1, n)),
        in_migration=population * rng.normal(0.065, 0.01, n),
        out_migration=population * rng.normal(0.06, 0.01, n),
        completions=completions,
    )


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    population, source = sizes()
    data = figures(population)
    print(
        f"numpy {np.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"{len(population)} municipalities ({source}), {population.sum():,.0f} inhabitants"
    )
    with tempfile.TemporaryDirectory(prefix="region-bench-") as tmp:
        write, _ = timed(lambda: R.write_region_folder(data, tmp, HORIZON))
        read, inputs = timed(lambda: read_inputs(tmp))
    runs = [timed(lambda: project(inputs)) for _ in range(3)]
    engine, result = min(runs, key=lambda r: r[0])
    completions = inputs.dwellings.completions
    table_time, table = timed(lambda: R.demand_of_result(result, completions))
    total = write + read + engine + table_time
    exact = all(
        list(getattr(table.total, f))
        == [sum(c) for c in zip(*(getattr(r, f) for r in table.rows), strict=True)]
        for f in ("need", "small", "completions")
    )
    cells = result.runs[0].population.size
    print(
        f"inputs from the figures: split + folder written {write:.2f} s, validated by the reader "
        f"{read:.2f} s"
    )
    print(
        f"project() {len(population)} municipalities × 101 ages × 2 sexes × 30 years with "
        f"households, sizes and demand: {engine:.2f} s (best of 3; {cells / 1e6:.1f} M cell-years)"
    )
    print(f"demand table per municipality and period: {table_time:.3f} s; sum row exact: {exact}")
    print(
        f"total {total:.2f} s; target ≤ {TARGET:.0f} s; ratio {total / TARGET:.2f} "
        f"({'met' if total <= TARGET else 'NOT met'}); region need "
        f"{table.total.need_total:,} dwellings, of them {table.total.small_total:,} small"
    )
    if args.skip_dask:
        return 0
    from distributed import LocalCluster

    options = {"n_workers": 2, "threads_per_worker": 1, "processes": True}
    with LocalCluster(dashboard_address=None, **options) as cluster:  # type: ignore[no-untyped-call]
        project(replace(inputs, horizon=BASE + 1), scheduler=cluster.scheduler_address)  # warm-up
        dask_seconds, remote = timed(lambda: project(inputs, scheduler=cluster.scheduler_address))
    same = np.array_equal(result.runs[0].population, remote.runs[0].population)
    print(
        f"through Dask (LocalCluster, 2 worker processes, warm): {dask_seconds:.2f} s; "
        f"bit-identical to in-process: {same}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
