"""The benchmark's per-cell loop (benchmarks/forecast.py) is the same method as the engine:
population and every flow agree, so the speed ratio it prints compares equal work."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np

from wohnbuendnis.analytics.forecast.simulate import scenario_multipliers, simulate

BENCHMARK = Path(__file__).resolve().parents[5] / "benchmarks" / "forecast.py"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("forecast_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loop_reference_equals_engine_in_population_and_flows() -> None:
    bench = _benchmark()
    inputs = bench.city(4, moves=True)
    population, flows = simulate(inputs, scenario_multipliers(inputs, inputs.scenarios["mittel"]))
    assert flows is not None
    reference, reference_flows = bench.loop_reference(inputs)
    np.testing.assert_allclose(population[-1], np.asarray(reference), rtol=1e-12)
    np.testing.assert_allclose(flows, np.asarray(reference_flows), rtol=1e-12, atol=1e-9)
    moves = np.asarray(reference_flows)[..., 4:6].sum(axis=(0, 1, 2))
    assert moves[0] > 0 and abs(moves[0] - moves[1]) < 1e-9 * moves[0]  # moves conserve
