"""State changes of the action concept; every entry point (view, admin, demo) calls these.

One module per aggregate: ``goals`` (guidelines, goals, their actual values, conflicts and the
organisations' positions), ``measures`` (action fields, measures, milestones, a resolution
moving a measure), ``commitments`` (self-commitments, signatures, progress reports),
``projects`` (building projects and their figures for the monitoring), ``evaluation``
(evaluation periods), ``editions`` (editions of the concept: start, adopt, compare),
``releases`` (releasing changes for the public pages).
This package re-exports their public names, so callers keep writing
``services.create_measure(...)``.
"""

from wohnbuendnis.concept.services.commitments import (
    adopt_commitment,
    report_commitment_progress,
    sign_commitment,
    update_commitment,
    withdraw_signature,
)
from wohnbuendnis.concept.services.editions import (
    adopt_edition,
    compare,
    snapshot,
    start_edition,
)
from wohnbuendnis.concept.services.evaluation import (
    FROZEN_FIELDS,
    assess_goal,
    assess_goals,
    freeze_evaluation,
    open_evaluation,
)
from wohnbuendnis.concept.services.goals import (
    create_conflict,
    create_goal,
    create_guideline,
    enter_conflict_position,
    record_goal_measurement,
    update_conflict,
    update_goal,
    update_guideline,
)
from wohnbuendnis.concept.services.measures import (
    MEASURE_FIELDS,
    MEASURE_TRANSITIONS,
    add_milestone,
    apply_resolution_to_measure,
    create_action_field,
    create_measure,
    link_measure_goals,
    reach_milestone,
    set_measure_status,
    update_action_field,
    update_measure,
)
from wohnbuendnis.concept.services.projects import (
    PROJECT_FIELDS,
    PROJECT_ORDER,
    advance_building_project,
    publish_pipeline_to_monitoring,
    register_building_project,
    update_building_project,
)
from wohnbuendnis.concept.services.releases import release, release_all

__all__ = [
    "FROZEN_FIELDS",
    "MEASURE_FIELDS",
    "MEASURE_TRANSITIONS",
    "PROJECT_FIELDS",
    "PROJECT_ORDER",
    "add_milestone",
    "adopt_commitment",
    "adopt_edition",
    "advance_building_project",
    "apply_resolution_to_measure",
    "assess_goal",
    "assess_goals",
    "compare",
    "create_action_field",
    "create_conflict",
    "create_goal",
    "create_guideline",
    "create_measure",
    "enter_conflict_position",
    "freeze_evaluation",
    "link_measure_goals",
    "open_evaluation",
    "publish_pipeline_to_monitoring",
    "reach_milestone",
    "record_goal_measurement",
    "register_building_project",
    "release",
    "release_all",
    "report_commitment_progress",
    "set_measure_status",
    "sign_commitment",
    "snapshot",
    "start_edition",
    "update_action_field",
    "update_building_project",
    "update_commitment",
    "update_conflict",
    "update_goal",
    "update_guideline",
    "update_measure",
    "withdraw_signature",
]
