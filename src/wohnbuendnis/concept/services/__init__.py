"""State changes of the action concept; every entry point (view, admin, demo) calls these.

One module per aggregate: ``goals`` (guidelines, goals, their actual values, conflicts and the
organisations' positions), ``measures`` (action fields, measures, milestones, a resolution
moving a measure), ``commitments`` (self-commitments, signatures, progress reports),
``projects`` (building projects and their figures for the monitoring), ``evaluation``
(evaluation periods). This package re-exports their public names, so callers keep writing
``services.create_measure(...)``.
"""

from wohnbuendnis.concept.services.commitments import (
    adopt_commitment,
    report_commitment_progress,
    sign_commitment,
)
from wohnbuendnis.concept.services.evaluation import (
    FROZEN_FIELDS,
    assess_goal,
    freeze_evaluation,
    open_evaluation,
)
from wohnbuendnis.concept.services.goals import (
    create_conflict,
    create_goal,
    create_guideline,
    record_goal_measurement,
)
from wohnbuendnis.concept.services.measures import (
    MEASURE_TRANSITIONS,
    add_milestone,
    apply_resolution_to_measure,
    create_measure,
    reach_milestone,
    set_measure_status,
)
from wohnbuendnis.concept.services.projects import (
    PROJECT_ORDER,
    advance_building_project,
    publish_pipeline_to_monitoring,
    register_building_project,
)

__all__ = [
    "FROZEN_FIELDS",
    "MEASURE_TRANSITIONS",
    "PROJECT_ORDER",
    "add_milestone",
    "adopt_commitment",
    "advance_building_project",
    "apply_resolution_to_measure",
    "assess_goal",
    "create_conflict",
    "create_goal",
    "create_guideline",
    "create_measure",
    "freeze_evaluation",
    "open_evaluation",
    "publish_pipeline_to_monitoring",
    "reach_milestone",
    "record_goal_measurement",
    "register_building_project",
    "report_commitment_progress",
    "set_measure_status",
    "sign_commitment",
]
