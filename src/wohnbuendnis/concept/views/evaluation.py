"""Evaluation periods: open, assess the goals, freeze."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, services
from wohnbuendnis.concept.engine import RESULT_LABELS, period_results, source_text
from wohnbuendnis.concept.models import (
    EvaluationPeriod,
    EvaluationStatus,
    Goal,
)
from wohnbuendnis.concept.views.common import by_pk
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service


@object_permission_required("concept.view_concept", Alliance)
def evaluations(request, alliance: Alliance):
    can_assess = request.user.has_perm("concept.assess_goals", alliance)
    form = forms.EvaluationForm(request.POST or None)
    if request.method == "POST" and not can_assess:
        return redirect("concept:evaluations", alliance.slug)
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "year_from", "year_to")}
        try:
            period = create_once(
                request,
                form,
                lambda: services.open_evaluation(alliance, request.user, **fields),
                lambda period: reverse("concept:evaluation", args=[period.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("concept:evaluation", period.pk)
    context = {
        "alliance": alliance,
        "periods": EvaluationPeriod.objects.filter(alliance=alliance),
        "form": form,
        "can_assess": can_assess,
    }
    return render(request, "concept/evaluations.html", context)


@object_permission_required("concept.view_concept", EvaluationPeriod, **by_pk)
def evaluation_detail(request, period: EvaluationPeriod):
    return _detail_page(request, period)


def _detail_page(request, period: EvaluationPeriod, form: forms.AssessmentsForm | None = None):
    frozen = period.status == EvaluationStatus.FROZEN
    assessments = list(period.assessments.select_related("goal__guideline", "assessed_by"))
    live = {}
    if not frozen:
        goals = Goal.objects.filter(alliance=period.alliance).prefetch_related("measurements")
        live = period_results(goals, period.year_from, period.year_to)
    can_assess = not frozen and request.user.has_perm("concept.assess_goals", period)
    if can_assess and form is None:
        form = forms.AssessmentsForm(assessments=assessments)
    # a refused form is shown again with what was typed, even when the period froze meanwhile
    rows = []
    for a in assessments:
        field = form.field_of(a.goal_id) if form and a.goal_id in form.goals else None
        if frozen and a.result:
            rows.append((a, a, source_text(a.actual_source, a.actual_detail), field))
        else:
            row, actual = live.get(a.goal_id, (None, None))
            rows.append((a, row, actual.text if actual else "", field))
    context = {
        "period": period,
        "alliance": period.alliance,
        "rows": rows,
        "frozen": frozen,
        "labels": RESULT_LABELS,
        "can_assess": can_assess,
        "form": form,
    }
    return render(request, "concept/evaluation_detail.html", context)


@require_POST
@object_permission_required("concept.assess_goals", EvaluationPeriod, **by_pk)
def assess(request, period: EvaluationPeriod):
    """Save the assessments of all goals at once; on an error the page comes back with
    everything typed."""
    assessments = period.assessments.select_related("goal")
    form = forms.AssessmentsForm(request.POST, assessments=assessments)
    if form.is_valid():
        try:
            services.assess_goals(period, request.user, form.texts, shown=form.shown)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Bewertungen sind gespeichert."))
            return redirect("concept:evaluation", period.pk)
    return _detail_page(request, period, form)


@require_POST
@object_permission_required("concept.assess_goals", EvaluationPeriod, **by_pk)
def freeze(request, period: EvaluationPeriod):
    run_service(
        request,
        lambda: services.freeze_evaluation(period, request.user),
        _("Die Evaluation ist festgeschrieben."),
    )
    return redirect("concept:evaluation", period.pk)
