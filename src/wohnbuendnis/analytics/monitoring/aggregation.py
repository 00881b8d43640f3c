"""Aggregation of observations up an area hierarchy by each indicator's aggregation rule.

Rules as in the indicator catalogue (spec/monitoring.md): counts are summed; rates and means
are population-weighted means of the children (or of another weight indicator); shares that
can be recomputed from counts are Σ numerator / Σ denominator × scale. A parent gets a value
only when every one of its leaf areas has the inputs in that year, so partial sums never pass
for totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import polars as pl


class RuleKind(StrEnum):
    """How an indicator is aggregated to a parent area."""

    SUM = "sum"
    WEIGHTED_MEAN = "weighted_mean"
    RATIO = "ratio"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class AggregationRule:
    """Aggregation rule of one indicator.

    ``weight``: the weight indicator of a weighted mean (default: population). ``numerator``,
    ``denominator``, ``scale``: for a ratio, value = scale × Σ numerator / Σ denominator
    (e.g. sgb2_rate = 100 × sgb2_recipients / population_under_65).
    """

    kind: RuleKind
    weight: str = "population"
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0

    def __post_init__(self) -> None:
        if self.kind is RuleKind.RATIO and not (self.numerator and self.denominator):
            raise ValueError("a ratio rule needs numerator and denominator indicators")


def leaf_ancestors(parent_of: Mapping[str, str]) -> pl.DataFrame:
    """Pairs ``(area, ancestor)`` for every leaf area (an area that is no one's parent) and each
    of its ancestors in the hierarchy ``parent_of`` (child key → parent key). Raises
    ``ValueError`` on a cycle."""
    parents = set(parent_of.values())
    pairs: list[tuple[str, str]] = []
    for leaf in sorted(set(parent_of) - parents):
        seen = {leaf}
        node = leaf
        while node in parent_of:
            node = parent_of[node]
            if node in seen:
                raise ValueError(f"cycle in the area hierarchy at {node!r}")
            seen.add(node)
            pairs.append((leaf, node))
    return pl.DataFrame(pairs, schema={"area": pl.String, "ancestor": pl.String}, orient="row")


def aggregate_observations(
    observations: pl.DataFrame,
    parent_of: Mapping[str, str],
    rules: Mapping[str, AggregationRule],
    *,
    coverage: bool = False,
) -> pl.DataFrame:
    """Values of every ancestor area computed from the leaf areas' observations.

    ``observations``: ``indicator, area, year, value`` of the leaf areas (other rows are
    ignored). ``parent_of``: child key → parent key. ``rules``: indicator → rule; indicators
    without a rule or with rule ``none`` are not aggregated. Returns ``indicator, area, year,
    value`` for the ancestors, sorted; a value only where all leaves under the ancestor report.
    ``coverage``: also the values of the leaves that do report where some do not, with the
    columns ``reporting`` (leaves with the inputs in that year) and ``leaves`` (all leaves
    under the ancestor), so that a partial sum is shown with its coverage, never as a total.
    """
    links = leaf_ancestors(parent_of)
    columns = ["indicator", "area", "year", "value", *(["reporting", "leaves"] if coverage else [])]
    obs = observations.select("indicator", "area", "year", pl.col("value").cast(pl.Float64))
    empty = (
        obs.with_columns(reporting=pl.lit(0, pl.Int64), leaves=pl.lit(0, pl.Int64))
        .select(columns)
        .clear()
    )
    if links.height == 0:
        return empty
    leaves = links.group_by("ancestor").agg(pl.col("area").n_unique().alias("leaves"))
    parts = [
        _aggregate_one(obs, links, leaves, indicator, rule, coverage=coverage)
        for indicator, rule in sorted(rules.items())
        if rule.kind is not RuleKind.NONE
    ]
    return pl.concat(parts).sort("indicator", "area", "year") if parts else empty


def _inputs(rule: AggregationRule, indicator: str) -> dict[str, str]:
    if rule.kind is RuleKind.SUM:
        return {"num": indicator}
    if rule.kind is RuleKind.WEIGHTED_MEAN:
        return {"x": indicator, "w": rule.weight}
    return {"num": str(rule.numerator), "den": str(rule.denominator)}


def _aggregate_one(
    obs: pl.DataFrame,
    links: pl.DataFrame,
    leaves: pl.DataFrame,
    indicator: str,
    rule: AggregationRule,
    *,
    coverage: bool = False,
) -> pl.DataFrame:
    inputs = _inputs(rule, indicator)
    wide = None
    for alias, key in inputs.items():
        part = obs.filter(pl.col("indicator") == key).select(
            "area", "year", pl.col("value").alias(alias)
        )
        wide = part if wide is None else wide.join(part, on=["area", "year"], how="inner")
    assert wide is not None
    if rule.kind is RuleKind.WEIGHTED_MEAN:
        wide = wide.with_columns(num=pl.col("x") * pl.col("w"), den=pl.col("w"))
    sums = [pl.col("num").sum()] + ([pl.col("den").sum()] if "den" in wide.columns else [])
    grouped = (
        wide.join(links, on="area")
        .group_by("ancestor", "year")
        .agg(*sums, pl.col("area").n_unique().alias("reporting"))
        .join(leaves, on="ancestor")
    )
    if not coverage:
        grouped = grouped.filter(pl.col("reporting") == pl.col("leaves"))
    scale = rule.scale if rule.kind is RuleKind.RATIO else 1.0
    value = pl.col("num") if "den" not in grouped.columns else scale * pl.col("num") / pl.col("den")
    return grouped.select(
        pl.lit(indicator).alias("indicator"),
        pl.col("ancestor").alias("area"),
        pl.col("year").cast(obs.schema["year"]),
        value.cast(pl.Float64).alias("value"),
        *(
            [pl.col("reporting").cast(pl.Int64), pl.col("leaves").cast(pl.Int64)]
            if coverage
            else []
        ),
    )
