"""The action concept's pages, one module per aggregate: ``overview`` (the members' overview
and the public progress page), ``measures``, ``goals`` (guidelines, goals, conflicts),
``commitments``, ``projects``, ``evaluation``, ``indicators`` (the alliance's own
indicators). This package re-exports every view, so ``urls.py`` keeps writing
``views.measure_detail``."""

from wohnbuendnis.concept.views.commitments import commitments, public_signatories, report_progress
from wohnbuendnis.concept.views.evaluation import assess, evaluation_detail, evaluations, freeze
from wohnbuendnis.concept.views.goals import goals, record_measurement
from wohnbuendnis.concept.views.measures import measure_detail, measure_status, resolution_measure
from wohnbuendnis.concept.views.overview import overview, public_progress
from wohnbuendnis.concept.views.projects import projects, publish_pipeline

__all__ = [
    "assess",
    "commitments",
    "evaluation_detail",
    "evaluations",
    "freeze",
    "goals",
    "measure_detail",
    "measure_status",
    "overview",
    "projects",
    "public_progress",
    "public_signatories",
    "publish_pipeline",
    "record_measurement",
    "report_progress",
    "resolution_measure",
]
