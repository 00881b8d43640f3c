"""The concept's overview for the members and its public progress page."""

from __future__ import annotations

from django.db.models import Avg, Count, Prefetch
from django.shortcuts import render

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate
from wohnbuendnis.concept.models import (
    ActionField,
    Goal,
    GoalConflict,
    Guideline,
    Measure,
)
from wohnbuendnis.lib.views import object_permission_required


def _guidelines(alliance: Alliance):
    measures = Measure.objects.select_related("lead").order_by("number")
    return (
        Guideline.objects.filter(alliance=alliance)
        .annotate(progress=Avg("measures__progress"), measure_count=Count("measures"))
        .prefetch_related("goals", Prefetch("measures", queryset=measures))
    )


def _results(alliance: Alliance) -> dict[int, object]:
    goals = Goal.objects.filter(alliance=alliance).prefetch_related("measurements")
    return {r.goal.pk: r for r in evaluate(goals)}


@object_permission_required("concept.view_concept", Alliance)
def overview(request, alliance: Alliance):
    conflicts = GoalConflict.objects.filter(alliance=alliance).prefetch_related(
        "goals", "positions__organisation"
    )
    context = {
        "alliance": alliance,
        "guidelines": _guidelines(alliance),
        "results": _results(alliance),
        "labels": RESULT_LABELS,
        "conflicts": conflicts,
        "fields": ActionField.objects.filter(alliance=alliance).annotate(
            progress=Avg("measures__progress"), measure_count=Count("measures")
        ),
    }
    context["can_edit"] = request.user.has_perm("concept.edit_goals_and_measures", alliance)
    context["can_import"] = request.user.has_perm("concept.import_workbook", alliance)
    return render(request, "concept/overview.html", context)


@object_permission_required("concept.view_public", Alliance)
def public_progress(request, alliance: Alliance):
    """The adopted edition (never the draft), with what Koordination released: the measures'
    released status and progress, the goals' released actual values."""
    edition, sections = queries.public_concept(alliance)
    results = evaluate(queries.public_goals(alliance), released=True)
    context = {
        "alliance": alliance,
        "edition": edition,
        "sections": sections,
        "results": {r.goal.pk: r for r in results},
        "labels": RESULT_LABELS,
    }
    return render(request, "concept/public_progress.html", context)
