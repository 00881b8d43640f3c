"""The action concept (Handlungskonzept Wohnen): guidelines, goals, conflicts, action fields,
measures, self-commitments and the building-project pipeline.

One module per aggregate: ``goals`` (guidelines, goals, their measurements, conflicts and
positions), ``measures`` (action fields, measures, their status history and milestones),
``commitments`` (self-commitments, signatures, progress reports), ``projects`` (building
projects and their status history), ``evaluation`` (evaluation periods, their history and the
assessments of the goals), ``editions`` (the adopted editions of the concept and their
snapshots), ``releases`` (what Koordination released for the public pages); ``base`` holds
the abstract ``_OfAlliance``. This package re-exports
every model and choice, so callers keep importing from ``wohnbuendnis.concept.models``.
"""

from wohnbuendnis.concept.models.base import Priority, _OfAlliance
from wohnbuendnis.concept.models.commitments import (
    Commitment,
    CommitmentReport,
    CommitmentSignature,
)
from wohnbuendnis.concept.models.editions import (
    ConceptEdition,
    ConceptEditionStatusChange,
    EditionStatus,
)
from wohnbuendnis.concept.models.evaluation import (
    EvaluationPeriod,
    EvaluationStatus,
    EvaluationStatusChange,
    GoalAssessment,
)
from wohnbuendnis.concept.models.goals import (
    ConflictPosition,
    Goal,
    GoalConflict,
    GoalDirection,
    GoalKind,
    GoalMeasurement,
    GoalNature,
    Guideline,
    TargetGroup,
)
from wohnbuendnis.concept.models.measures import (
    ActionField,
    ActionFieldKind,
    Measure,
    MeasureStatus,
    MeasureStatusChange,
    Milestone,
)
from wohnbuendnis.concept.models.projects import (
    BuildingProject,
    BuildingProjectStatusChange,
    ProjectStatus,
    RentSegment,
)
from wohnbuendnis.concept.models.releases import Release, ReleaseKind

__all__ = [
    "ActionField",
    "ActionFieldKind",
    "BuildingProject",
    "BuildingProjectStatusChange",
    "Commitment",
    "CommitmentReport",
    "CommitmentSignature",
    "ConceptEdition",
    "ConceptEditionStatusChange",
    "ConflictPosition",
    "EditionStatus",
    "EvaluationPeriod",
    "EvaluationStatus",
    "EvaluationStatusChange",
    "Goal",
    "GoalAssessment",
    "GoalConflict",
    "GoalDirection",
    "GoalKind",
    "GoalMeasurement",
    "GoalNature",
    "Guideline",
    "Measure",
    "MeasureStatus",
    "MeasureStatusChange",
    "Milestone",
    "Priority",
    "ProjectStatus",
    "Release",
    "ReleaseKind",
    "RentSegment",
    "TargetGroup",
    "_OfAlliance",
]
