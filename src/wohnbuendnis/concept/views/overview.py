"""The concept's overview for the members and its public progress page."""

from __future__ import annotations

from django.shortcuts import render

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.engine import RESULT_LABELS, GoalResult, evaluate
from wohnbuendnis.concept.models import (
    Goal,
)
from wohnbuendnis.lib.views import object_permission_required


def _results(alliance: Alliance) -> dict[int, GoalResult]:
    goals = Goal.objects.filter(alliance=alliance).prefetch_related("measurements")
    return {r.goal.pk: r for r in evaluate(goals)}


@object_permission_required("concept.view_concept", Alliance)
def overview(request, alliance: Alliance):
    context = {"alliance": alliance, **queries.overview(alliance), "labels": RESULT_LABELS}
    results = _results(alliance)
    for guideline in context["guidelines"]:
        # each goal carries its latest result: the template looked it up among all results
        # for every goal (a loop in a loop, most of the page's rendering)
        for goal in guideline.goals.all():
            result = results.get(goal.pk)
            goal.evaluated = result is not None
            goal.latest_result = result.latest if result is not None else None
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
