"""The action concept's pages, one module per aggregate: ``overview`` (the members' overview
and the public progress page), ``measures``, ``goals`` (guidelines, goals, conflicts),
``commitments``, ``projects``, ``evaluation``, ``indicators`` (the alliance's own
indicators), ``editions`` (editions of the concept), ``releases`` (releasing changes for the
public pages). This package re-exports every view, so ``urls.py`` keeps writing
``views.measure_detail``."""

from wohnbuendnis.concept.views.commitments import (
    commitment_create,
    commitment_detail,
    commitment_edit,
    commitments,
    public_signatories,
    report_progress,
    signature_withdraw,
)
from wohnbuendnis.concept.views.editions import (
    edition_adopt,
    edition_decision,
    edition_detail,
    editions,
    editions_compare,
)
from wohnbuendnis.concept.views.evaluation import assess, evaluation_detail, evaluations, freeze
from wohnbuendnis.concept.views.goals import (
    conflict_create,
    conflict_detail,
    conflict_edit,
    goal_create,
    goal_edit,
    goals,
    guideline_create,
    guideline_edit,
    record_measurement,
)
from wohnbuendnis.concept.views.indicators import indicator_create, indicator_edit, own_indicators
from wohnbuendnis.concept.views.measures import (
    action_field_create,
    action_field_edit,
    measure_create,
    measure_detail,
    measure_edit,
    measure_status,
    milestone_add,
    milestone_reach,
    resolution_measure,
)
from wohnbuendnis.concept.views.overview import overview, public_progress
from wohnbuendnis.concept.views.projects import (
    project_create,
    project_detail,
    project_edit,
    projects,
    projects_map,
    publish_pipeline,
)
from wohnbuendnis.concept.views.releases import release
from wohnbuendnis.concept.views.workbook import (
    workbook_download,
    workbook_preview,
    workbook_upload,
)

__all__ = [
    "action_field_create",
    "action_field_edit",
    "assess",
    "commitment_create",
    "commitment_detail",
    "commitment_edit",
    "commitments",
    "conflict_create",
    "conflict_detail",
    "conflict_edit",
    "edition_adopt",
    "edition_decision",
    "edition_detail",
    "editions",
    "editions_compare",
    "evaluation_detail",
    "evaluations",
    "freeze",
    "goal_create",
    "goal_edit",
    "goals",
    "guideline_create",
    "guideline_edit",
    "indicator_create",
    "indicator_edit",
    "measure_create",
    "measure_detail",
    "measure_edit",
    "measure_status",
    "milestone_add",
    "milestone_reach",
    "overview",
    "own_indicators",
    "project_create",
    "project_detail",
    "project_edit",
    "projects",
    "projects_map",
    "public_progress",
    "public_signatories",
    "publish_pipeline",
    "record_measurement",
    "release",
    "report_progress",
    "resolution_measure",
    "signature_withdraw",
    "workbook_download",
    "workbook_preview",
    "workbook_upload",
]
