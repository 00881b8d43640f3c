"""The municipal method against its contract, step by step, on a small city (forecast.md 1–7)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_forecast_invariants import make_inputs

from wohnbuendnis.analytics.forecast import project
from wohnbuendnis.analytics.forecast.model import ForecastInputs


def literal_step(inputs: ForecastInputs, n: np.ndarray) -> tuple[np.ndarray, dict[str, float]]:
    """forecast.md steps 1–7, written cell by cell exactly as the contract states them."""
    r = inputs.rates
    assert r.emigration_rate is not None
    q, asfr = r.mortality.values[0][0], r.fertility.values[0][0]
    imm, emig = r.immigrants.values[0], r.emigration_rate.values[0]
    moves = r.move_out_rate is not None and r.move_in_share is not None
    out = r.move_out_rate.values[0] if moves else np.zeros_like(n)  # type: ignore[union-attr]
    share = r.move_in_share.values[0] if moves else np.zeros_like(n)  # type: ignore[union-attr]
    areas, ages = n.shape[0], n.shape[2]
    n1 = np.zeros_like(n)
    totals = {"deaths": 0.0, "births": 0.0}
    for s in range(2):
        for a in range(ages):
            pool = sum(n[k, s, a] * out[k, s, a] for k in range(areas))
            for k in range(areas):
                e, o = n[k, s, a] * emig[k, s, a], n[k, s, a] * out[k, s, a]
                i, j = imm[k, s, a], share[k, s, a] * pool
                d = q[s, a] * (n[k, s, a] - (e + o) / 2 + (i + j) / 2)
                n1[k, s, a] = n[k, s, a] - d - e - o + i + j
                totals["deaths"] += d
    aged = np.zeros_like(n)
    for k in range(areas):
        births = sum(asfr[a] * (n[k, 0, a] + n1[k, 0, a]) / 2 for a in range(ages))
        totals["births"] += births
        for s, b in ((0, births / 2.05), (1, births * 1.05 / 2.05)):
            aged[k, s, 0] = b * (1 - q[s, 0] * 0.5)
            totals["deaths"] += b * q[s, 0] * 0.5
            aged[k, s, 1:100] = n1[k, s, 0:99]
            aged[k, s, 100] = n1[k, s, 99] + n1[k, s, 100]
    return aged, totals


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.booleans())
def test_engine_equals_the_contract_cell_by_cell(seed: int, areas: int, moves: bool) -> None:
    inputs = make_inputs(seed, areas, moves, years=3)
    run = project(inputs).runs[0]
    n = inputs.population
    for year in range(1, 4):
        n, totals = literal_step(inputs, n)
        np.testing.assert_allclose(run.population[year], n, rtol=1e-11, atol=1e-9)
        flows = run.flows[year - 1].sum(axis=(0, 1))
        np.testing.assert_allclose(flows[0], totals["births"], rtol=1e-11)
        np.testing.assert_allclose(flows[1], totals["deaths"], rtol=1e-11)
