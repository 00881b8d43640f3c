"""The Dask distributed path (``--scheduler ADDRESS``): area blocks and draw blocks as tasks.

The tasks run the same kernels as the in-process path on slices of the areas (only when there
are no internal moves, which couple the areas of a city) or of the draws; every cell's numbers
depend only on its own inputs, so the gathered result is bit-identical to the in-process one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wohnbuendnis.analytics.forecast import draws as draw_mod
from wohnbuendnis.analytics.forecast.model import FloatArray, ForecastInputs
from wohnbuendnis.analytics.forecast.simulate import Multipliers
from wohnbuendnis.analytics.forecast.simulate import simulate as simulate_local

CELLS_PER_TASK = 2**20


def _client(address: str) -> Any:
    from distributed import Client

    return Client(address, set_as_default=False)  # type: ignore[no-untyped-call]


def area_blocks(inputs: ForecastInputs) -> list[slice]:
    """Slices of areas of about :data:`CELLS_PER_TASK` cells; one block with internal moves."""
    n = len(inputs.areas)
    if inputs.rates.move_out_rate is not None:
        return [slice(0, n)]
    per_area = inputs.population[0].size
    size = max(1, CELLS_PER_TASK // per_area)
    return [slice(s, min(s + size, n)) for s in range(0, n, size)]


def _simulate_block(
    inputs: ForecastInputs, mult: Multipliers, area: slice
) -> tuple[FloatArray, FloatArray]:
    population, flows = simulate_local(inputs, mult, area)
    assert flows is not None
    return population, flows


def simulate(
    address: str, inputs: ForecastInputs, mult: Multipliers
) -> tuple[FloatArray, FloatArray]:
    """Deterministic projection on the cluster at ``address``; returns population
    ``[steps + 1, area, sex, age]`` and flows ``[steps, area, sex, flow]``."""
    with _client(address) as client:
        [remote] = client.scatter([inputs], broadcast=True)
        futures = [
            client.submit(_simulate_block, remote, mult, block, pure=False)
            for block in area_blocks(inputs)
        ]
        parts = client.gather(futures)
    population = np.concatenate([p for p, _ in parts], axis=1)
    flows = np.concatenate([f for _, f in parts], axis=1)
    return population, flows


def run_draws(address: str, inputs: ForecastInputs, mult: Multipliers) -> FloatArray:
    """All draws on the cluster, one task per block of draws; measures
    ``[steps + 1, draws, area, 5]`` as :func:`draws.run_draws`."""
    inputs, mult = draw_mod.single_precision(inputs, mult)
    with _client(address) as client:
        [remote] = client.scatter([inputs], broadcast=True)
        size = draw_mod.block_size(inputs)
        futures = [
            client.submit(draw_mod.draw_block, remote, part, pure=False)
            for part in draw_mod.blocks(mult, size)
        ]
        parts = client.gather(futures)
    return np.concatenate(parts, axis=1)
