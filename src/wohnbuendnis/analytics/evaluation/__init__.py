"""Goal evaluation against measured values (contract: ``spec/monitoring.md``)."""

from wohnbuendnis.analytics.evaluation.goals import (
    DEFAULT_TOLERANCE,
    EVALUATION_SCHEMA,
    Direction,
    Evaluation,
    Kind,
    Result,
    Target,
    classify_band,
    classify_ratio,
    evaluate_goal,
    evaluate_goals,
    evaluations_to_frame,
    is_good,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVALUATION_SCHEMA",
    "Direction",
    "Evaluation",
    "Kind",
    "Result",
    "Target",
    "classify_band",
    "classify_ratio",
    "evaluate_goal",
    "evaluate_goals",
    "evaluations_to_frame",
    "is_good",
]
