"""Goals and their results; entering an actual value; creating and editing guidelines, goals
and goal conflicts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, services
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate
from wohnbuendnis.concept.models import (
    Goal,
)
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("concept.view_concept", Alliance)
def goals(request, alliance: Alliance):
    goals = (
        Goal.objects.filter(alliance=alliance)
        .select_related("guideline", "area")
        .prefetch_related("measurements")
    )
    results = {r.goal.pk: r for r in evaluate(goals)}
    context = {
        "alliance": alliance,
        "goals": goals,
        "results": results,
        "labels": RESULT_LABELS,
        "can_edit": request.user.has_perm("concept.edit_goals_and_measures", alliance),
    }
    return render(request, "concept/goals.html", context)


@require_POST
@object_permission_required("concept.edit_goals_and_measures", Alliance)
def record_measurement(request, alliance: Alliance):
    form = forms.MeasurementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie Jahr und Istwert an."))
        return redirect("concept:goals", alliance.slug)
    data = form.cleaned_data
    goal = get_object_or_404(Goal, alliance=alliance, pk=data.pop("goal"))
    try:
        services.record_goal_measurement(goal, by=request.user, **data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Istwert ist gespeichert."))
    return redirect("concept:goals", alliance.slug)
