"""The action concept: overview, measures, goal results, commitments, building projects and the
public progress page of an alliance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, queries, services
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate, period_results, source_text
from wohnbuendnis.concept.models import (
    ActionField,
    BuildingProject,
    Commitment,
    CommitmentSignature,
    EvaluationPeriod,
    EvaluationStatus,
    Goal,
    GoalConflict,
    Guideline,
    Measure,
    ProjectStatus,
)
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.meetings.models import Resolution

by_pk = {"lookup": "pk", "url_kwarg": "pk"}


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
    return render(request, "concept/overview.html", context)


@object_permission_required("concept.view_concept", Measure, **by_pk)
def measure_detail(request, measure: Measure):
    context = {
        "measure": measure,
        "alliance": measure.alliance,
        "history": measure.history.select_related("by"),
        "milestones": measure.milestones.all(),
        "partners": measure.partners.all(),
        "goals": measure.goals.all(),
        "can_edit": request.user.has_perm("concept.edit_goals_and_measures", measure),
        "form": forms.MeasureStatusForm(
            initial={"status": measure.status, "progress": measure.progress}
        ),
    }
    return render(request, "concept/measure_detail.html", context)


@require_POST
@object_permission_required("concept.edit_goals_and_measures", Measure, **by_pk)
def measure_status(request, measure: Measure):
    form = forms.MeasureStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_measure_status(measure, request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Der Stand der Maßnahme ist gespeichert."))
    else:
        messages.error(request, _("Bitte prüfen Sie Status und Fortschritt."))
    return redirect("concept:measure", measure.pk)


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


@object_permission_required("concept.view_concept", Alliance)
def commitments(request, alliance: Alliance):
    signatures = (
        CommitmentSignature.objects.filter(commitment__alliance=alliance)
        .select_related("commitment", "organisation")
        .prefetch_related("reports")
    )
    for signature in signatures:
        signature.can_report = request.user.has_perm(
            "concept.report_commitment_progress", signature
        )
    context = {"alliance": alliance, "signatures": signatures, "form": forms.CommitmentReportForm()}
    return render(request, "concept/commitments.html", context)


@require_POST
@object_permission_required("concept.report_commitment_progress", CommitmentSignature, **by_pk)
def report_progress(request, signature: CommitmentSignature):
    form = forms.CommitmentReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Bitte geben Sie Jahr und Bericht an."))
        services.report_commitment_progress(signature, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ihr Fortschrittsbericht ist gespeichert."))
    return redirect("concept:commitments", signature.alliance.slug)


@object_permission_required("concept.view_public", Alliance)
def projects(request, alliance: Alliance):
    rows = BuildingProject.objects.filter(alliance=alliance).select_related("area", "developer")
    totals = rows.aggregate(
        dwellings=Sum("dwellings"),
        social=Sum("social_dwellings"),
        accessible=Sum("accessible_dwellings"),
    )
    by_status = {
        s.label: rows.filter(status=s).aggregate(n=Sum("dwellings"))["n"] or 0
        for s in ProjectStatus
    }
    context = {
        "alliance": alliance,
        "projects": rows,
        "totals": totals,
        "by_status": by_status,
        "can_publish": request.user.has_perm("concept.publish_pipeline", alliance),
        "this_year": timezone.localdate().year,
    }
    context["plan_years"], context["plan"] = queries.completion_plan(alliance, context["this_year"])
    return render(request, "concept/projects.html", context)


@require_POST
@object_permission_required("concept.publish_pipeline", Alliance)
def publish_pipeline(request, alliance: Alliance):
    form = forms.PublishPipelineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Bitte geben Sie ein Jahr an."))
        done = services.publish_pipeline_to_monitoring(
            alliance, form.cleaned_data["year"], request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "An das Monitoring übergeben: %(created)d neue, %(updated)d geänderte, "
                "%(unchanged)d unveränderte Werte."
            )
            % {"created": done.created, "updated": done.updated, "unchanged": done.unchanged},
        )
    return redirect("concept:projects", alliance.slug)


@object_permission_required("concept.view_public", Alliance)
def public_progress(request, alliance: Alliance):
    context = {
        "alliance": alliance,
        "guidelines": _guidelines(alliance),
        "results": _results(alliance),
        "labels": RESULT_LABELS,
    }
    return render(request, "concept/public_progress.html", context)


# --- evaluation periods ---------------------------------------------------------------------


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
    frozen = period.status == EvaluationStatus.FROZEN
    assessments = period.assessments.select_related("goal__guideline", "assessed_by")
    live = {}
    if not frozen:
        goals = Goal.objects.filter(alliance=period.alliance).prefetch_related("measurements")
        live = period_results(goals, period.year_from, period.year_to)
    rows = []
    for a in assessments:
        if frozen and a.result:
            rows.append((a, a, source_text(a.actual_source, a.actual_detail)))
        else:
            row, actual = live.get(a.goal_id, (None, None))
            rows.append((a, row, actual.text if actual else ""))
    context = {
        "period": period,
        "alliance": period.alliance,
        "rows": rows,
        "frozen": frozen,
        "labels": RESULT_LABELS,
        "can_assess": not frozen and request.user.has_perm("concept.assess_goals", period),
    }
    return render(request, "concept/evaluation_detail.html", context)


@require_POST
@object_permission_required("concept.assess_goals", EvaluationPeriod, **by_pk)
def assess(request, period: EvaluationPeriod, goal_pk: int):
    goal = get_object_or_404(Goal, pk=goal_pk, alliance=period.alliance)
    try:
        services.assess_goal(period, goal, request.user, request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Bewertung ist gespeichert."))
    return redirect("concept:evaluation", period.pk)


@require_POST
@object_permission_required("concept.assess_goals", EvaluationPeriod, **by_pk)
def freeze(request, period: EvaluationPeriod):
    try:
        services.freeze_evaluation(period, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Evaluation ist festgeschrieben."))
    return redirect("concept:evaluation", period.pk)


@object_permission_required("concept.view_public", Alliance)
def public_signatories(request, alliance: Alliance):
    """The self-commitments and who signed them, when and by whom (the progress statements
    stay with the members)."""
    signatures = CommitmentSignature.objects.select_related("organisation").order_by(
        "signed_on", "organisation__name"
    )
    commitments = Commitment.objects.filter(alliance=alliance).prefetch_related(
        Prefetch("signatures", queryset=signatures)
    )
    context = {"alliance": alliance, "commitments": commitments}
    return render(request, "concept/public_signatories.html", context)


@object_permission_required("meetings.manage_meeting", Resolution, lookup="pk", url_kwarg="pk")
def resolution_measure(request, resolution: Resolution):
    """A body's resolution moves a measure forward (managers of the meeting who may also edit
    the concept)."""
    alliance = resolution.meeting.body.alliance
    if not request.user.has_perm("concept.edit_goals_and_measures", alliance):
        raise PermissionDenied
    form = forms.ResolutionMeasureForm(request.POST or None, alliance=alliance)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.apply_resolution_to_measure(
                resolution, data["measure"], request.user, data["status"], data["progress"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Stand der Maßnahme ist gespeichert."))
            return redirect("meetings:meeting", resolution.meeting_id)
    context = {"resolution": resolution, "meeting": resolution.meeting, "alliance": alliance}
    return render(request, "concept/resolution_measure.html", {**context, "form": form})
