"""Stochastic draws around a scenario, reduced to quantiles (forecast.md, ``[draws]``).

Each draw multiplies the scenario's fertility, mortality and immigration paths by
``max(0, 1 + z · sd · (years ahead) ** horizon_exponent)`` (exponent 0.5 by default: sqrt)
with one standard normal ``z`` per draw and component
(a simple random-scenario approach as in propop's and Eurostat's stochastic variants). All
``z`` are drawn up front from ``seed``, so any split of the draws into blocks gives the same
numbers. Draws are projected in single precision (:data:`DRAW_DTYPE`); the deterministic
projection is double precision.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import numpy as np

from wohnbuendnis.analytics.forecast.households import households
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs, IntArray, YearTable
from wohnbuendnis.analytics.forecast.simulate import (
    Multipliers,
    municipal_run,
    run_step,
    step_rates,
)

DRAW_DTYPE = np.float32
MEASURES = ("population", "0-17", "18-64", "65+", "households")
QUANTILES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
QUANTILE_COLUMNS = ("p05", "p10", "p25", "p50", "p75", "p90", "p95")


def standard_normals(draws: int, seed: int) -> FloatArray:
    """The ``[draws, 3]`` standard normals (fertility, mortality, immigration) of a run."""
    return np.random.default_rng(seed).standard_normal((draws, 3))


def draw_multipliers(inputs: ForecastInputs, base: Multipliers, z: FloatArray) -> Multipliers:
    """Per-draw multipliers ``[draws, steps]`` for the normals ``z`` ``[draws, 3]``."""
    ahead = (inputs.years - inputs.base_year).astype(np.float64) ** inputs.draws.horizon_exponent
    sds = (inputs.draws.fertility_sd, inputs.draws.mortality_sd, inputs.draws.immigration_sd)
    factors = [np.maximum(0.0, 1.0 + z[:, k, None] * sd * ahead) for k, sd in enumerate(sds)]
    return replace(
        base,
        fertility=base.fertility[None, :] * factors[0],
        mortality=base.mortality[None, :] * factors[1],
        immigration=base.immigration[None, :] * factors[2],
    )


def measures(population: FloatArray, ages: IntArray, hh_count: FloatArray | None) -> FloatArray:
    """Measures ``[..., area, 5]`` of a population ``[..., area, sex, age]``: total, 0–17, 18–64,
    65+ (for 5-year groups: by the group's first age) and households (NaN without headship).

    Plain reductions (no BLAS product), so every split of draws or areas gives the same digits.
    """
    by_age = population[..., 0, :] + population[..., 1, :]
    groups = np.add.reduceat(by_age, np.searchsorted(ages, [0, 18, 65]), axis=-1)
    result = np.empty((*groups.shape[:-1], len(MEASURES)))
    result[..., 1:4] = groups
    result[..., 0] = groups.sum(axis=-1)
    result[..., 4] = np.nan if hh_count is None else hh_count
    return result


def _institutional_correction(inputs: ForecastInputs, n: FloatArray, year: int) -> FloatArray:
    """Σ h · min(N, institutional) over the cells with institutional population: households =
    Σ h · N − this (exact, since max(N − inst, 0) = N − min(N, inst))."""
    hh = inputs.households
    assert hh is not None and hh.institutional is not None
    r, s, a = np.nonzero(hh.institutional)
    rates = hh.headship.at(year)[0][s, a]
    held = np.minimum(n[..., r, s, a], hh.institutional[r, s, a]) * rates
    onehot = np.zeros((len(r), n.shape[-3]))
    onehot[np.arange(len(r)), r] = 1.0
    correction: FloatArray = np.einsum("...k,kr->...r", held, onehot)
    return correction


def _step_measures(inputs: ForecastInputs, n: FloatArray, year: int) -> FloatArray:
    hh = inputs.households
    if hh is None:
        return measures(n, inputs.ages, None)
    if hh.headship.values.shape[1] != 1:  # area-specific headship rates: the general path
        return measures(n, inputs.ages, households(n[None], np.array([year]), hh)[0][0])
    count = np.einsum("...sa,sa->...", n, hh.headship.at(year)[0])
    if hh.institutional is not None:
        count -= _institutional_correction(inputs, n, year)
    return measures(n, inputs.ages, count)


def _table(values: YearTable) -> YearTable:
    return YearTable(values.years, values.values.astype(DRAW_DTYPE))


def _maybe(values: YearTable | None) -> YearTable | None:
    return None if values is None else _table(values)


def single_precision(
    inputs: ForecastInputs, mult: Multipliers
) -> tuple[ForecastInputs, Multipliers]:
    """Inputs and per-draw multipliers in :data:`DRAW_DTYPE` for :func:`draw_block`.

    Draws only feed a bandwidth: seven significant digits are far finer than the uncertainty
    they express, and single precision halves the memory traffic (about 1.8× faster).
    """

    rates = inputs.rates
    hh = inputs.households
    small = replace(
        inputs,
        population=inputs.population.astype(DRAW_DTYPE),
        rates=replace(
            rates,
            mortality=_table(rates.mortality),
            fertility=_table(rates.fertility),
            immigrants=_table(rates.immigrants),
            emigration_rate=_maybe(rates.emigration_rate),
            move_out_rate=_maybe(rates.move_out_rate),
            move_in_share=_maybe(rates.move_in_share),
        ),
        households=None
        if hh is None
        else replace(
            hh,
            headship=_table(hh.headship),
            institutional=None if hh.institutional is None else hh.institutional.astype(DRAW_DTYPE),
        ),
    )
    cast = {
        k: getattr(mult, k).astype(DRAW_DTYPE)
        for k in ("fertility", "mortality", "immigration", "emigration")
    }
    return small, replace(mult, **cast)


def draw_block(inputs: ForecastInputs, mult: Multipliers, area: slice | None = None) -> FloatArray:
    """Project a block of draws (``mult`` with ``[draws, steps]`` arrays); only the measures are
    kept: ``[steps + 1, draws, area, 5]``."""
    area = area if area is not None else slice(None)
    base = inputs.population[area]
    shape = (mult.fertility.shape[0], *base.shape)
    out = np.empty((len(inputs.years) + 1, shape[0], base.shape[0], len(MEASURES)))
    if inputs.method == "municipal":  # three rows of one padded buffer, used in turn
        buffer = np.empty(3 * int(np.prod(shape)) + 1, dtype=base.dtype)
        start = buffer[: int(np.prod(shape))].reshape(shape)
        start[...] = base
        out[0] = _step_measures(inputs, start, inputs.base_year)
        years = inputs.years.tolist()

        def keep(index: int, n: FloatArray) -> None:
            out[index + 1] = _step_measures(inputs, n, int(years[index]))

        municipal_run(inputs, mult, buffer, area, None, keep)
        return out
    n = np.broadcast_to(base, shape).copy()
    out[0] = _step_measures(inputs, n, inputs.base_year)
    for index, year in enumerate(inputs.years.tolist()):
        n, _ = run_step(inputs, n, step_rates(inputs, mult, index, area), components=False)
        out[index + 1] = _step_measures(inputs, n, int(year))
    return out


def block_size(inputs: ForecastInputs) -> int:
    """Draws per block: a block's population of about 1 MB stays in cache (measured: larger
    blocks are slower); the in-process and the Dask path use the same blocks."""
    cells = inputs.population.size
    return int(max(1, min(64, 2**17 // max(cells, 1))))


def _slice(mult: Multipliers, start: int, stop: int) -> Multipliers:
    return replace(
        mult,
        fertility=mult.fertility[start:stop],
        mortality=mult.mortality[start:stop],
        immigration=mult.immigration[start:stop],
    )


def blocks(mult: Multipliers, size: int) -> list[Multipliers]:
    """Split per-draw multipliers into consecutive blocks of ``size`` draws."""
    total = mult.fertility.shape[0]
    return [_slice(mult, s, min(s + size, total)) for s in range(0, total, size)]


_WORKER_INPUTS: list[ForecastInputs] = []
PROCESS_THRESHOLD = 5e7  # cell-steps of all draws above which worker processes pay off


def _init_worker(inputs: ForecastInputs) -> None:
    _WORKER_INPUTS[:] = [inputs]


def _worker_block(mult: Multipliers) -> FloatArray:
    return draw_block(_WORKER_INPUTS[0], mult)


def run_draws(inputs: ForecastInputs, mult: Multipliers, workers: int = 2) -> FloatArray:
    """All draws in-process, on ``workers`` local processes for large runs (threads would
    contend for the GIL between the many small array operations), else in this thread.

    Returns measures ``[steps + 1, draws, area, 5]``; the blocks are the same either way, so
    the numbers are too.
    """
    inputs, mult = single_precision(inputs, mult)
    parts = blocks(mult, block_size(inputs))
    draws = mult.fertility.shape[0]
    out = np.empty((len(inputs.years) + 1, draws, len(inputs.areas), len(MEASURES)))
    starts = np.cumsum([0] + [p.fertility.shape[0] for p in parts[:-1]]).tolist()
    if workers < 2 or draws * inputs.population.size * len(inputs.years) < PROCESS_THRESHOLD:
        for start, part in zip(starts, parts, strict=True):
            out[:, start : start + part.fertility.shape[0]] = draw_block(inputs, part)
        return out
    # fork: no re-import of the caller's main module; the children only run numpy code
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(inputs,)
    ) as pool:
        chunk = max(1, len(parts) // (4 * workers))
        results = pool.map(_worker_block, parts, chunksize=chunk)
        for start, block in zip(starts, results, strict=True):  # filled as they arrive
            out[:, start : start + block.shape[1]] = block
    return out


def quantiles(values: FloatArray) -> FloatArray:
    """Quantiles over the draws: ``[steps + 1, draws, area, m]`` → ``[steps + 1, area, m, 7]``.

    One year at a time, so the sort needs memory for one year's draws only.
    """
    result = np.empty((values.shape[0], *values.shape[2:], len(QUANTILES)))
    for year in range(values.shape[0]):
        result[year] = np.moveaxis(np.quantile(values[year], QUANTILES, axis=0), 0, -1)
    return result
