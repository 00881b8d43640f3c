"""Small-area status/dynamics index (spec/monitoring.md) against hand-computed values."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from wohnbuendnis.analytics.monitoring import (
    IndexConfig,
    Weighting,
    classify,
    compute_index,
    weighted_z,
)

INDICATORS = ("sgb2_rate", "unemployment_rate")


Data = dict[str, tuple[float | None, dict[str, tuple[float | None, float | None]]]]


def observations(
    data: Data,
    year: int = 2024,
    lag: int = 2,
) -> pl.DataFrame:
    """area → (population, indicator → (value in year − lag, value in year))."""
    rows: list[tuple[str, str, int, float]] = []
    for area, (population, values) in data.items():
        if population is not None:
            rows.append(("population", area, year, population))
        for indicator, (before, now) in values.items():
            if before is not None:
                rows.append((indicator, area, year - lag, before))
            if now is not None:
                rows.append((indicator, area, year, now))
    return pl.DataFrame(rows, schema=["indicator", "area", "year", "value"], orient="row")


def test_z_values_and_classes_by_hand() -> None:
    # One indicator 1, 2, 3, 4: mean 2.5, SD sqrt(1.25) (no bias correction).
    obs = observations(
        {a: (1000, {"x": (v, v)}) for a, v in zip("ABCD", [1, 2, 3, 4], strict=True)}
    )
    result = compute_index(obs, IndexConfig(("x",), 2024))
    z = (np.array([1, 2, 3, 4]) - 2.5) / np.sqrt(1.25)
    assert_allclose(result["z_x"].to_numpy(), z)
    assert_allclose(result["status_index"].to_numpy(), z)
    assert result["status_class"].to_list() == ["hoch", "mittel", "mittel", "niedrig"]
    # No change anywhere: the dynamics have no variation and are "stabil".
    assert result["dynamics_class"].to_list() == ["stabil"] * 4
    assert result["group"].to_list()[0] == "hoch/stabil"
    assert result["conspicuous"].to_list() == [False, False, False, True]


def test_status_index_is_the_mean_of_the_indicator_z_values() -> None:
    obs = observations(
        {
            "A": (500, {"sgb2_rate": (10, 12), "unemployment_rate": (5, 4)}),
            "B": (500, {"sgb2_rate": (20, 21), "unemployment_rate": (9, 9)}),
            "C": (500, {"sgb2_rate": (5, 3), "unemployment_rate": (3, 3)}),
        }
    )
    result = compute_index(obs, IndexConfig(INDICATORS, 2024))
    z = result.select("z_sgb2_rate", "z_unemployment_rate").to_numpy()
    dz = result.select("dz_sgb2_rate", "dz_unemployment_rate").to_numpy()
    assert_allclose(result["status_index"].to_numpy(), z.mean(axis=1))
    assert_allclose(result["dynamics_index"].to_numpy(), dz.mean(axis=1))
    # Dynamics are the change in points: +2, +1, −2 for sgb2_rate.
    d = np.array([2.0, 1.0, -2.0])
    assert_allclose(result["dz_sgb2_rate"].to_numpy(), (d - d.mean()) / d.std())


def test_population_weights_for_mean_and_sd() -> None:
    # Values 0, 0, 3 with weights 1, 1, 2: m = 1.5, SD = 1.5 → z = −1, −1, 1.
    obs = observations(
        {"A": (400, {"x": (0, 0)}), "B": (400, {"x": (0, 0)}), "C": (800, {"x": (3, 3)})}
    )
    config = IndexConfig(("x",), 2024, weighting=Weighting.POPULATION)
    assert_allclose(compute_index(obs, config)["z_x"].to_numpy(), [-1, -1, 1])
    unweighted = compute_index(obs, IndexConfig(("x",), 2024))["z_x"].to_numpy()
    assert_allclose(unweighted, (np.array([0, 0, 3]) - 1) / np.sqrt(2))


def test_a_value_equal_to_a_cut_belongs_to_the_lower_class() -> None:
    values = np.array([-1.0, -0.999, 0.5, 0.5001, 1.5, 1.51])
    cuts = (-1.0, 0.5, 1.5)
    labels = ("hoch", "mittel", "niedrig", "sehr_niedrig")
    assert classify(values, cuts, labels) == [
        "hoch",
        "mittel",
        "mittel",
        "niedrig",
        "niedrig",
        "sehr_niedrig",
    ]


def test_unscored_areas_are_listed_with_a_note_and_do_not_shift_the_z_values() -> None:
    base: Data = {a: (1000.0, {"x": (v, v)}) for a, v in zip("ABC", [1.0, 2.0, 3.0], strict=True)}
    extra: Data = {
        "S": (299, {"x": (90, 90)}),  # under min_population 300
        "T": (300, {"x": (2, 2)}),  # exactly the minimum: scored
        "M": (5000, {"x": (None, 80)}),  # no value in year − lag
        "P": (None, {"x": (1, 1)}),  # no population
    }
    result = compute_index(observations({**base, **extra}), IndexConfig(("x",), 2024))
    by_area = {row["area"]: row for row in result.iter_rows(named=True)}
    assert [by_area[a]["note"] for a in "SMP"] == ["small", "missing_value", "missing_value"]
    for area in "SMP":
        row = by_area[area]
        assert row["scored"] is False and row["conspicuous"] is False
        assert row["status_index"] is None and row["z_x"] is None and row["group"] is None
    assert by_area["T"]["scored"] and by_area["S"]["population"] == 299
    z = [by_area[a]["z_x"] for a in "ABCT"]
    assert_allclose(z, (np.array([1, 2, 3, 2]) - 2) / np.sqrt(0.5))


def test_negative_dynamics_make_an_area_conspicuous() -> None:
    obs = observations(
        {
            "A": (900, {"x": (10, 5)}),
            "B": (900, {"x": (10, 10)}),
            "C": (900, {"x": (4, 9)}),  # good status, strongly worsening
            "D": (900, {"x": (12, 11)}),
        }
    )
    row = compute_index(obs, IndexConfig(("x",), 2024)).row(2, named=True)
    assert row["area"] == "C" and row["dynamics_class"] == "negativ"
    assert row["status_class"] in ("hoch", "mittel") and row["conspicuous"]


def test_z_of_a_constant_indicator_is_zero() -> None:
    assert_allclose(weighted_z(np.array([[3.0], [3.0]]), np.ones(2)), [[0.0], [0.0]])


def test_config_rejects_invalid_cuts() -> None:
    with pytest.raises(ValueError, match="status_cuts"):
        IndexConfig(("x",), 2024, status_cuts=(0.5, -1.0, 1.5))
    with pytest.raises(ValueError, match="dynamics_cuts"):
        IndexConfig(("x",), 2024, dynamics_cuts=(0.5,))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 1000).map(lambda v: v / 10),
            st.integers(0, 1000).map(lambda v: v / 10),
            st.integers(250, 50_000),
        ),
        min_size=3,
        max_size=30,
    ),
    st.sampled_from(list(Weighting)),
)
def test_z_values_have_weighted_mean_zero_and_sd_one(
    rows: list[tuple[float, float, int]], weighting: Weighting
) -> None:
    obs = observations({f"{i:03d}": (p, {"x": (b, a)}) for i, (a, b, p) in enumerate(rows)})
    result = compute_index(obs, IndexConfig(("x",), 2024, weighting=weighting)).filter("scored")
    z = result["z_x"].to_numpy()
    w = result["population"].to_numpy() if weighting is Weighting.POPULATION else np.ones(len(z))
    values = np.array([a for a, _, p in rows if p >= 300])
    assert len(z) == len(values)
    if len(values) < 2 or np.ptp(values) == 0:
        assert_allclose(z, 0)  # no variation: z is 0 by definition
        return
    assert_allclose(np.average(z, weights=w), 0, atol=1e-9)
    assert_allclose(np.sqrt(np.average(z**2, weights=w)), 1, rtol=1e-9)
