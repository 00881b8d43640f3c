"""Aggregation up the area hierarchy and comparison of index editions."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from wohnbuendnis.analytics.monitoring import (
    AggregationRule,
    RuleKind,
    aggregate_observations,
    compare_editions,
    leaf_ancestors,
)

# city C → districts D1, D2 → quarters q1, q2 (D1) and q3 (D2)
HIERARCHY = {"q1": "D1", "q2": "D1", "q3": "D2", "D1": "C", "D2": "C"}
RULES = {
    "population": AggregationRule(RuleKind.SUM),
    "asking_rent_eur_m2": AggregationRule(RuleKind.WEIGHTED_MEAN),
    "sgb2_rate": AggregationRule(
        RuleKind.RATIO, numerator="sgb2_recipients", denominator="population", scale=100
    ),
    "share_note": AggregationRule(RuleKind.NONE),
}


def obs(rows: list[tuple[str, str, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["indicator", "area", "year", "value"], orient="row")


def values(result: pl.DataFrame, indicator: str, year: int = 2024) -> dict[str, float]:
    part = result.filter((pl.col("indicator") == indicator) & (pl.col("year") == year))
    return dict(part.select("area", "value").iter_rows())


DATA = obs(
    [
        ("population", "q1", 2024, 1000),
        ("population", "q2", 2024, 3000),
        ("population", "q3", 2024, 2000),
        ("asking_rent_eur_m2", "q1", 2024, 8.0),
        ("asking_rent_eur_m2", "q2", 2024, 12.0),
        ("asking_rent_eur_m2", "q3", 2024, 10.0),
        ("sgb2_recipients", "q1", 2024, 100),
        ("sgb2_recipients", "q2", 2024, 150),
        ("sgb2_recipients", "q3", 2024, 400),
        ("population", "q1", 2023, 990),  # q2, q3 missing in 2023
    ]
)


def test_sums_weighted_means_and_ratios_over_two_levels() -> None:
    result = aggregate_observations(DATA, HIERARCHY, RULES)
    assert values(result, "population") == {"C": 6000, "D1": 4000, "D2": 2000}
    rent = values(result, "asking_rent_eur_m2")
    assert_allclose([rent["D1"], rent["C"]], [(8 * 1000 + 12 * 3000) / 4000, 64_000 / 6000])
    rate = values(result, "sgb2_rate")
    assert_allclose([rate["D1"], rate["D2"], rate["C"]], [6.25, 20.0, 650 / 60])


def test_parents_with_missing_children_get_no_value() -> None:
    result = aggregate_observations(DATA, HIERARCHY, RULES)
    assert values(result, "population", 2023) == {}
    assert "share_note" not in result["indicator"].to_list()


def test_leaf_ancestors_and_cycles() -> None:
    pairs = set(leaf_ancestors(HIERARCHY).iter_rows())
    assert pairs == {
        ("q1", "D1"), ("q1", "C"), ("q2", "D1"), ("q2", "C"), ("q3", "D2"), ("q3", "C"),
    }  # fmt: skip
    with pytest.raises(ValueError, match="cycle"):
        leaf_ancestors({"a": "b", "b": "c", "c": "b"})


def edition(rows: list[tuple[str, bool, str | None, str | None, bool]]) -> pl.DataFrame:
    frame = pl.DataFrame(
        rows,
        schema=["area", "scored", "status_class", "dynamics_class", "conspicuous"],
        orient="row",
    )
    return frame.with_columns(group=pl.col("status_class") + "/" + pl.col("dynamics_class"))


def test_compare_editions_names_every_kind_of_change() -> None:
    previous = edition(
        [
            ("a", True, "mittel", "stabil", False),
            ("b", True, "mittel", "stabil", False),
            ("c", True, "mittel", "stabil", False),
            ("d", True, "hoch", "stabil", False),
            ("e", False, None, None, False),
            ("g", False, None, None, False),
        ]
    )
    current = edition(
        [
            ("a", True, "mittel", "stabil", False),
            ("b", True, "niedrig", "stabil", True),
            ("c", True, "mittel", "negativ", True),
            ("e", True, "hoch", "positiv", False),
            ("f", True, "hoch", "positiv", False),
            ("g", False, None, None, False),
        ]
    )
    result = compare_editions(previous, current)
    changes = dict(result.select("area", "change").iter_rows())
    assert changes == {
        "a": "same",
        "b": "status",
        "c": "dynamics",
        "d": "dropped",
        "e": "new",
        "f": "new",
        "g": "unscored",
    }
    became = result.filter("became_conspicuous")["area"].to_list()
    assert became == ["b", "c"]
    assert result.filter(pl.col("area") == "b")["previous_group"].item() == "mittel/stabil"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=12),
    st.lists(st.integers(0, 10_000), min_size=12, max_size=12),
)
def test_sums_are_conserved_at_every_level(districts: list[int], counts: list[int]) -> None:
    # quarters q<i> in district d<k>, districts in city C: every level adds up to the leaves.
    hierarchy = {f"q{i}": f"d{k}" for i, k in enumerate(districts)}
    hierarchy.update({f"d{k}": "C" for k in set(districts)})
    data = obs([("population", f"q{i}", 2024, counts[i]) for i in range(len(districts))])
    result = values(aggregate_observations(data, hierarchy, RULES), "population")
    assert result["C"] == sum(counts[: len(districts)])
    for k in set(districts):
        assert result[f"d{k}"] == sum(c for c, d in zip(counts, districts, strict=False) if d == k)


def test_coverage_gives_the_partial_value_with_the_municipalities_reporting() -> None:
    obs = pl.DataFrame(
        {
            "indicator": ["population"] * 5 + ["rent"] * 2,
            "area": ["A", "B", "C", "A", "B", "A", "B"],
            "year": [2020, 2020, 2020, 2021, 2021, 2020, 2020],
            "value": [100.0, 200.0, 300.0, 110.0, 210.0, 6.0, 9.0],
        }
    )
    parent_of = {"A": "K", "B": "K", "C": "K"}
    rules = {
        "population": AggregationRule(RuleKind.SUM),
        "rent": AggregationRule(RuleKind.WEIGHTED_MEAN),
    }
    assert aggregate_observations(obs, parent_of, rules).rows() == [
        ("population", "K", 2020, 600.0)
    ]
    rows = aggregate_observations(obs, parent_of, rules, coverage=True).rows()
    assert rows == [
        ("population", "K", 2020, 600.0, 3, 3),
        ("population", "K", 2021, 320.0, 2, 3),
        ("rent", "K", 2020, (6 * 100 + 9 * 200) / 300, 2, 3),
    ]
