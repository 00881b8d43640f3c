"""Goals and their results; entering an actual value; creating and editing guidelines, goals
and goal conflicts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import charts, forms, queries, services
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate
from wohnbuendnis.concept.models import Goal, GoalConflict, Guideline
from wohnbuendnis.concept.views.common import by_pk, edit_page
from wohnbuendnis.lib.idempotency import with_token
from wohnbuendnis.lib.views import deny, object_permission_required, run_service


@object_permission_required("concept.view_concept", Alliance)
def goals(request, alliance: Alliance):
    goals = (
        Goal.objects.filter(alliance=alliance)
        .select_related("guideline", "area")
        .prefetch_related("measurements")
    )
    results = {r.goal.pk: r for r in evaluate(goals)}
    trends = [
        {
            "id": f"chart-goal-{r.goal.pk}",
            "goal": r.goal,
            "rows": r.rows,
            "spec": charts.goal_trend_chart(
                charts.goal_trend_rows(r.rows), f"{r.goal.code} {r.goal.title}", r.goal.unit
            ),
        }
        for r in results.values()
        if r.rows
    ]
    context = {
        "alliance": alliance,
        "goals": goals,
        "results": results,
        "trends": trends,
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
    run_service(
        request,
        lambda: services.record_goal_measurement(goal, by=request.user, **data),
        _("Der Istwert ist gespeichert."),
    )
    return redirect("concept:goals", alliance.slug)


# --- writing guidelines, goals and conflicts ----------------------------------------------


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def guideline_create(request, alliance: Alliance):
    form = with_token(forms.GuidelineForm)(
        request.POST or None,
        initial={"position": Guideline.objects.filter(alliance=alliance).count() + 1},
    )
    return edit_page(
        request,
        form,
        lambda f: services.create_guideline(alliance, **f.cleaned_data),
        alliance=alliance,
        heading=_("Leitlinie anlegen"),
        done=_("Die Leitlinie ist angelegt."),
        back=reverse("concept:overview", args=[alliance.slug]),
    )


@object_permission_required("concept.edit_goals_and_measures", Guideline, **by_pk)
def guideline_edit(request, guideline: Guideline):
    form = forms.GuidelineForm(
        request.POST or None, instance=Guideline.objects.get(pk=guideline.pk)
    )
    return edit_page(
        request,
        form,
        lambda f: services.update_guideline(guideline, **f.cleaned_data),
        alliance=guideline.alliance,
        heading=_("Leitlinie bearbeiten"),
        done=_("Die Leitlinie ist gespeichert."),
        back=reverse("concept:overview", args=[guideline.alliance.slug]),
    )


def _goal_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data["tolerance"] = form.instance.tolerance if form.instance.pk else 0.05
    return data


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def goal_create(request, alliance: Alliance):
    form = with_token(forms.GoalForm)(request.POST or None, alliance=alliance)

    def save(f):
        data = _goal_fields(f)
        return services.create_goal(data.pop("guideline"), **data)

    return edit_page(
        request,
        form,
        save,
        alliance=alliance,
        heading=_("Ziel anlegen"),
        done=_("Das Ziel ist angelegt."),
        back=reverse("concept:goals", args=[alliance.slug]),
    )


@object_permission_required("concept.edit_goals_and_measures", Goal, **by_pk)
def goal_edit(request, goal: Goal):
    form = forms.GoalForm(
        request.POST or None, instance=Goal.objects.get(pk=goal.pk), alliance=goal.alliance
    )

    def save(f):
        data = _goal_fields(f)
        return services.update_goal(goal, data.pop("guideline"), **data)

    return edit_page(
        request,
        form,
        save,
        alliance=goal.alliance,
        heading=_("Ziel %(code)s bearbeiten") % {"code": goal.code},
        done=_("Das Ziel ist gespeichert."),
        back=reverse("concept:goals", args=[goal.alliance.slug]),
    )


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def conflict_create(request, alliance: Alliance):
    form = with_token(forms.ConflictForm)(request.POST or None, alliance=alliance)

    def save(f):
        data = dict(f.cleaned_data)
        data["goals"] = list(data["goals"])
        return services.create_conflict(alliance, data.pop("title"), by=request.user, **data)

    return edit_page(
        request,
        form,
        save,
        alliance=alliance,
        heading=_("Zielkonflikt anlegen"),
        done=_("Der Zielkonflikt ist angelegt; die Organisationen tragen ihre Positionen ein."),
        back=lambda c: reverse("concept:conflict", args=[c.pk]),
        extra={"cancel": reverse("concept:overview", args=[alliance.slug])},
    )


@object_permission_required("concept.edit_goals_and_measures", GoalConflict, **by_pk)
def conflict_edit(request, conflict: GoalConflict):
    form = forms.ConflictForm(
        request.POST or None,
        instance=GoalConflict.objects.get(pk=conflict.pk),
        alliance=conflict.alliance,
    )

    def save(f):
        data = dict(f.cleaned_data)
        data["goals"] = list(data["goals"])
        return services.update_conflict(conflict, **data)

    url = reverse("concept:conflict", args=[conflict.pk])
    return edit_page(
        request,
        form,
        save,
        alliance=conflict.alliance,
        heading=_("Zielkonflikt bearbeiten"),
        done=_("Der Zielkonflikt ist gespeichert."),
        back=url,
        extra={
            "intro": _(
                "Hier halten Sie den Konflikt und den vereinbarten Umgang fest; die Positionen "
                "tragen die Organisationen selbst ein."
            )
        },
    )


@object_permission_required("concept.view_concept", GoalConflict, **by_pk)
def conflict_detail(request, conflict: GoalConflict):
    """A conflict with every organisation's position; a representative enters or changes the
    position of the organisation(s) the user speaks for."""
    organisations = queries.represented_organisations(request.user, conflict.alliance)
    may_enter = request.user.has_perm("concept.enter_conflict_position", conflict)
    form = None
    if may_enter:
        mine = {p.organisation_id: p.position for p in conflict.positions.all()}
        first = organisations.first()
        form = forms.PositionForm(
            request.POST or None,
            organisations=organisations,
            initial={"organisation": first, "position": mine.get(first.pk, "") if first else ""},
        )
    elif request.method == "POST":
        return deny(request)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.enter_conflict_position(
                conflict, form.cleaned_data["organisation"], form.cleaned_data["position"],
                request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Position Ihrer Organisation ist gespeichert."))
            return redirect("concept:conflict", conflict.pk)
    context = {
        "alliance": conflict.alliance,
        "conflict": conflict,
        "positions": conflict.positions.select_related("organisation", "entered_by"),
        "form": form,
        "can_edit": request.user.has_perm("concept.edit_goals_and_measures", conflict),
    }
    return render(request, "concept/conflict_detail.html", context)
