"""Monitoring engines: the small-area status/dynamics index, comparison of index editions and
aggregation of observations up the area hierarchy (contract: ``spec/monitoring.md``)."""

from wohnbuendnis.analytics.monitoring.aggregation import (
    AggregationRule,
    RuleKind,
    aggregate_observations,
    leaf_ancestors,
)
from wohnbuendnis.analytics.monitoring.editions import Change, compare_editions
from wohnbuendnis.analytics.monitoring.index import (
    DYNAMICS_CLASSES,
    STATUS_CLASSES,
    IndexConfig,
    Note,
    Weighting,
    classify,
    compute_index,
    weighted_z,
)

__all__ = [
    "DYNAMICS_CLASSES",
    "STATUS_CLASSES",
    "AggregationRule",
    "Change",
    "IndexConfig",
    "Note",
    "RuleKind",
    "Weighting",
    "aggregate_observations",
    "classify",
    "compare_editions",
    "compute_index",
    "leaf_ancestors",
    "weighted_z",
]
