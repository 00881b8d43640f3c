"""Small-area status/dynamics index (contract: spec/monitoring.md, ``wohnbuendnis index``).

Method as in Berlin's "Monitoring Soziale Stadtentwicklung", Hamburg's "Sozialmonitoring
Integrierte Stadtteilentwicklung" and Münster's Sozialmonitoring: indicator values and their
change over ``dynamics_lag`` years are z-standardised over the scored areas, averaged into a
status and a dynamics index, and cut into 4 × 3 classes. The index flags places for attention;
whether action is needed needs local review.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import polars as pl

FloatArray = npt.NDArray[np.float64]

STATUS_CLASSES = ("hoch", "mittel", "niedrig", "sehr_niedrig")
DYNAMICS_CLASSES = ("positiv", "stabil", "negativ")
CONSPICUOUS_STATUS = frozenset({"niedrig", "sehr_niedrig"})
CONSPICUOUS_DYNAMICS = frozenset({"negativ"})


class Weighting(StrEnum):
    """Weights of mean and SD in the z-standardisation."""

    UNWEIGHTED = "unweighted"
    POPULATION = "population"


class Note(StrEnum):
    """Why an area is listed but not scored."""

    SMALL = "small"
    MISSING_VALUE = "missing_value"


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """The ``config.toml`` of ``wohnbuendnis index`` (spec/monitoring.md).

    ``indicators``: observation keys where higher means more disadvantage. ``year``: the index
    year; dynamics = value(year) − value(year − ``dynamics_lag``) in points. Areas with fewer
    than ``min_population`` inhabitants in ``year`` are listed but not scored. Cuts in SD units,
    ascending; a value equal to a cut belongs to the lower class.
    """

    indicators: tuple[str, ...]
    year: int
    dynamics_lag: int = 2
    min_population: float = 300
    weighting: Weighting = Weighting.UNWEIGHTED
    status_cuts: tuple[float, ...] = (-1.0, 0.5, 1.5)
    dynamics_cuts: tuple[float, ...] = (-0.5, 0.5)
    population_indicator: str = field(default="population")

    def __post_init__(self) -> None:
        if not self.indicators or len(set(self.indicators)) != len(self.indicators):
            raise ValueError("indicators must be a non-empty list without repetitions")
        if self.dynamics_lag < 1:
            raise ValueError("dynamics_lag must be at least 1 year")
        _check_cuts(self.status_cuts, len(STATUS_CLASSES) - 1, "status_cuts")
        _check_cuts(self.dynamics_cuts, len(DYNAMICS_CLASSES) - 1, "dynamics_cuts")


def _check_cuts(cuts: Sequence[float], count: int, name: str) -> None:
    if len(cuts) != count or any(b <= a for a, b in itertools.pairwise(cuts)):
        raise ValueError(f"{name} must be {count} ascending numbers")


def weighted_z(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Column-wise z-values of ``values`` (areas × indicators) with area ``weights``.

    m = Σ w x / Σ w, sd = sqrt(Σ w (x − m)² / Σ w) (no bias correction), z = (x − m) / sd, as in
    spec/monitoring.md. A column without variation (sd = 0) gets z = 0. Shapes: (n, k), (n,)
    → (n, k). An empty input gives an empty result.
    """
    if values.shape[0] == 0:
        return values.copy()
    w = weights[:, None] / weights.sum()
    mean = (w * values).sum(axis=0)
    sd = np.sqrt((w * (values - mean) ** 2).sum(axis=0))
    # Equal values give a rounding residue instead of sd = 0 (3 × 3.5 → sd ≈ 4e-16): treat a
    # spread below the floating-point resolution of the values as no variation.
    varies = (values.max(axis=0) - values.min(axis=0)) > 1e-12 * np.abs(values).max(axis=0)
    safe = np.where(varies, sd, 1.0)
    z: FloatArray = np.where(varies, (values - mean) / safe, 0.0)
    return z


def classify(values: FloatArray, cuts: Sequence[float], labels: Sequence[str]) -> list[str]:
    """Class labels of ``values`` by ascending ``cuts`` (len(labels) = len(cuts) + 1); a value
    equal to a cut belongs to the lower class."""
    positions = np.searchsorted(np.asarray(cuts, dtype=np.float64), values, side="left")
    return [labels[int(p)] for p in positions]


def _wide(
    observations: pl.DataFrame, areas: pl.DataFrame, indicators: Sequence[str], year: int
) -> FloatArray:
    """Values of ``indicators`` in ``year`` aligned to ``areas`` (NaN where missing)."""
    rows = observations.filter(
        (pl.col("year") == year) & pl.col("indicator").is_in(list(indicators))
    ).select("area", "indicator", "value")
    wide = areas.join(
        rows.pivot(on="indicator", index="area", values="value", aggregate_function="first")
        if rows.height
        else pl.DataFrame(schema={"area": pl.String}),
        on="area",
        how="left",
    )
    columns = [
        wide[name].cast(pl.Float64).fill_null(np.nan).to_numpy()
        if name in wide.columns
        else np.full(areas.height, np.nan)
        for name in indicators
    ]
    return np.column_stack(columns).astype(np.float64)


def compute_index(observations: pl.DataFrame, config: IndexConfig) -> pl.DataFrame:
    """Status/dynamics index of every area in ``observations``.

    ``observations``: frame with ``indicator, area, year, value`` (one value per key), holding
    the index indicators in ``year`` and ``year − dynamics_lag`` and the population in ``year``.
    Returns one row per area (sorted by key) with ``area, population, scored, note,
    status_index, status_class, dynamics_index, dynamics_class, group, conspicuous`` and
    ``z_<indicator>``, ``dz_<indicator>`` per indicator; unscored areas have nulls there.
    Method: spec/monitoring.md (Berlin MSS / Hamburg Sozialmonitoring).
    """
    wanted = [*config.indicators, config.population_indicator]
    areas = (
        observations.filter(pl.col("indicator").is_in(wanted))
        .select(pl.col("area").cast(pl.String))
        .unique()
        .sort("area")
    )
    current = _wide(observations, areas, config.indicators, config.year)
    before = _wide(observations, areas, config.indicators, config.year - config.dynamics_lag)
    population = _wide(observations, areas, [config.population_indicator], config.year)[:, 0]
    complete = np.isfinite(current).all(axis=1) & np.isfinite(before).all(axis=1)
    big = np.nan_to_num(population, nan=-np.inf) >= config.min_population
    scored = big & complete
    weights = population[scored] if config.weighting is Weighting.POPULATION else None
    z, dz = _scores(current[scored], (current - before)[scored], weights)
    return _index_frame(areas["area"], population, scored, big, z, dz, config)


def _scores(
    status: FloatArray, dynamics: FloatArray, weights: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    w = np.ones(status.shape[0]) if weights is None else weights
    return weighted_z(status, w), weighted_z(dynamics, w)


def _index_frame(
    areas: pl.Series,
    population: FloatArray,
    scored: npt.NDArray[np.bool_],
    big: npt.NDArray[np.bool_],
    z: FloatArray,
    dz: FloatArray,
    config: IndexConfig,
) -> pl.DataFrame:
    n = len(areas)
    status_index, dynamics_index = z.mean(axis=1), dz.mean(axis=1)
    status_class = classify(status_index, config.status_cuts, STATUS_CLASSES)
    dynamics_class = classify(dynamics_index, config.dynamics_cuts, DYNAMICS_CLASSES)
    conspicuous = [
        s in CONSPICUOUS_STATUS or d in CONSPICUOUS_DYNAMICS
        for s, d in zip(status_class, dynamics_class, strict=True)
    ]
    rows = np.flatnonzero(scored)
    frame = pl.DataFrame(
        {
            "area": areas,
            "population": pl.Series(population).fill_nan(None),
            "scored": scored,
            "note": [_note(s, b, p) for s, b, p in zip(scored, big, population, strict=True)],
            "status_index": _spread(rows, status_index, n),
            "status_class": _spread(rows, status_class, n),
            "dynamics_index": _spread(rows, dynamics_index, n),
            "dynamics_class": _spread(rows, dynamics_class, n),
            "group": _spread(
                rows, [f"{s}/{d}" for s, d in zip(status_class, dynamics_class, strict=True)], n
            ),
            "conspicuous": np.zeros(n, dtype=bool),
        },
        schema_overrides={"population": pl.Float64, "note": pl.String},
    )
    frame = frame.with_columns(
        pl.Series("conspicuous", _mark(rows, conspicuous, n)),
        *[
            pl.Series(f"z_{name}", _spread(rows, z[:, k], n), dtype=pl.Float64)
            for k, name in enumerate(config.indicators)
        ],
        *[
            pl.Series(f"dz_{name}", _spread(rows, dz[:, k], n), dtype=pl.Float64)
            for k, name in enumerate(config.indicators)
        ],
    )
    return frame.with_columns(
        pl.col("status_class", "dynamics_class", "group").cast(pl.String),
        pl.col("status_index", "dynamics_index").cast(pl.Float64),
    )


def _note(scored: bool, big: bool, population: float) -> str | None:
    if scored:
        return None
    return Note.SMALL.value if np.isfinite(population) and not big else Note.MISSING_VALUE.value


def _spread(
    rows: npt.NDArray[np.intp], values: Sequence[object] | FloatArray, n: int
) -> list[object]:
    """Scored values placed at their area rows, None elsewhere."""
    out: list[object] = [None] * n
    for row, value in zip(rows, values, strict=True):
        out[int(row)] = value.item() if isinstance(value, np.generic) else value
    return out


def _mark(rows: npt.NDArray[np.intp], flags: Sequence[bool], n: int) -> list[bool]:
    out = [False] * n
    for row, flag in zip(rows, flags, strict=True):
        out[int(row)] = flag
    return out
