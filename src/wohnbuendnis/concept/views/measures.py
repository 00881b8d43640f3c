"""A measure: its page, its status, the resolution that moves it; creating and editing measures
and their milestones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.concept import forms, services
from wohnbuendnis.concept.models import (
    Measure,
)
from wohnbuendnis.concept.views.common import by_pk
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.meetings.models import Resolution


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
