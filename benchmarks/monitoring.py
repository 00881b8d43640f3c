"""Monitoring benchmark: the small-area index for 10,000 areas (target ≤ 1 s) and parsing +
validating 1 million ``observations.csv`` rows (part of the import target ≤ 60 s, which also
includes the database write of the Django app). Prints the figures; run:

    .venv/bin/python benchmarks/monitoring.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from wohnbuendnis.analytics.io.index_files import format_index
from wohnbuendnis.analytics.io.observations import parse_observations
from wohnbuendnis.analytics.monitoring import IndexConfig, compute_index

INDICATORS = ("sgb2_rate", "unemployment_rate", "child_poverty_rate")


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time in seconds over ``repeat`` runs and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def index_observations(n_areas: int, rng: np.random.Generator) -> pl.DataFrame:
    """Population plus three rates in two years for ``n_areas`` areas (long format)."""
    areas = [f"{i:06d}" for i in range(n_areas)]
    frames = [
        pl.DataFrame(
            {
                "indicator": "population",
                "area": areas,
                "year": 2024,
                "value": rng.integers(100, 30_000, n_areas).astype(float),
            }
        )
    ]
    for indicator in INDICATORS:
        level = rng.gamma(4.0, 2.5, n_areas)
        for year, shift in ((2022, 0.0), (2024, 1.0)):
            values = level + shift * rng.normal(0, 1, n_areas)
            frames.append(
                pl.DataFrame({"indicator": indicator, "area": areas, "year": year, "value": values})
            )
    return pl.concat(frames)


def observation_csv(n_rows: int, rng: np.random.Generator) -> tuple[bytes, set[str]]:
    """An ``observations.csv`` of ``n_rows`` rows: 40 indicators × 25 years × areas."""
    indicators = [f"ind_{k:02d}" for k in range(40)]
    per_area = len(indicators) * 25
    n_areas = -(-n_rows // per_area)
    areas = np.repeat([f"{i:05d}" for i in range(n_areas)], per_area)[:n_rows]
    frame = pl.DataFrame(
        {
            "indicator": np.tile(np.repeat(indicators, 25), n_areas)[:n_rows],
            "area": areas,
            "year": np.tile(np.arange(2000, 2025), n_areas * len(indicators))[:n_rows],
            "value": np.round(rng.gamma(2.0, 50.0, n_rows), 2),
            "source": "Statistikstelle",
        }
    )
    return frame.write_csv().encode(), set(areas.tolist())


def main() -> None:
    rng = np.random.default_rng(2024)
    observations = index_observations(10_000, rng)
    config = IndexConfig(INDICATORS, 2024)
    seconds, result = timed(lambda: compute_index(observations, config), repeat=5)
    assert isinstance(result, pl.DataFrame)
    write_seconds, _ = timed(lambda: format_index(result), repeat=3)
    print(
        f"index, 10,000 areas × 3 indicators ({observations.height:,} rows): "
        f"{seconds * 1000:.0f} ms compute (median of 5), {write_seconds * 1000:.0f} ms to "
        f"format index.csv; scored {int(result['scored'].sum()):,}, "
        f"conspicuous {int(result['conspicuous'].sum()):,}"
    )
    data, areas = observation_csv(1_000_000, rng)
    seconds, frame = timed(lambda: parse_observations(data, known_areas=areas), repeat=3)
    assert isinstance(frame, pl.DataFrame)
    print(
        f"observations.csv, {frame.height:,} rows ({len(data) / 1e6:.0f} MB), parse + validate "
        f"(UTF-8, columns, numbers, {len(areas):,} known areas, ranges, duplicate keys): "
        f"{seconds:.2f} s (median of 3)"
    )


if __name__ == "__main__":
    main()
