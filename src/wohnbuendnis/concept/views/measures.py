"""A measure: its page, its status, the resolution that moves it; creating and editing measures
and their milestones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, services
from wohnbuendnis.concept.models import ActionField, Measure, Milestone, Priority
from wohnbuendnis.concept.views.common import by_pk, edit_page
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once, with_token
from wohnbuendnis.lib.views import object_permission_required, run_service
from wohnbuendnis.meetings.models import Resolution


@object_permission_required("concept.view_concept", Measure, **by_pk)
def measure_detail(request, measure: Measure):
    return _measure_page(request, measure)


def _measure_page(request, measure: Measure, milestone_form=None):
    """The measure's page; a milestone form that was refused comes back with its input."""
    today = timezone.localdate()
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
        "milestone_form": milestone_form or forms.MilestoneForm(prefix="milestone"),
        "today": today,
        "areas": measure.areas.all(),
    }
    return render(request, "concept/measure_detail.html", context)


@require_POST
@object_permission_required("concept.edit_goals_and_measures", Measure, **by_pk)
def measure_status(request, measure: Measure):
    form = forms.MeasureStatusForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.set_measure_status(measure, request.user, **form.cleaned_data),
            _("Der Stand der Maßnahme ist gespeichert."),
        )
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


# --- writing measures, their milestones and the action fields ------------------------------


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def measure_create(request, alliance: Alliance):
    taken = Measure.objects.filter(alliance=alliance).aggregate(n=Max("number"))["n"] or 0
    initial = {"number": taken + 1, "priority": Priority.MEDIUM}
    form = with_token(forms.MeasureForm)(request.POST or None, alliance=alliance, initial=initial)

    def save(f):
        data = f.service_fields()
        return services.create_measure(data.pop("guideline"), request.user, **data)

    return edit_page(
        request,
        form,
        save,
        alliance=alliance,
        heading=_("Maßnahme anlegen"),
        done=_("Die Maßnahme ist angelegt."),
        back=lambda m: reverse("concept:measure", args=[m.pk]),
        extra={"cancel": reverse("concept:overview", args=[alliance.slug])},
    )


@object_permission_required("concept.edit_goals_and_measures", Measure, **by_pk)
def measure_edit(request, measure: Measure):
    form = forms.MeasureForm(
        request.POST or None, instance=Measure.objects.get(pk=measure.pk), alliance=measure.alliance
    )

    def save(f):
        version = f.cleaned_data["version"]
        if version is None:
            raise ValidationError(_("Bitte laden Sie die Seite neu."))
        return services.update_measure(measure, request.user, version, **f.service_fields())

    url = reverse("concept:measure", args=[measure.pk])
    return edit_page(
        request,
        form,
        save,
        alliance=measure.alliance,
        heading=_("Maßnahme %(number)s bearbeiten") % {"number": measure.number},
        done=_("Die Maßnahme ist gespeichert."),
        back=url,
        extra={"stored": url},
    )


@require_POST
@object_permission_required("concept.edit_goals_and_measures", Measure, **by_pk)
def milestone_add(request, measure: Measure):
    form = forms.MilestoneForm(request.POST, prefix="milestone")
    if form.is_valid():
        try:
            create_once(
                request,
                form,
                lambda: services.add_milestone(measure, by=request.user, **form.cleaned_data),
                lambda _milestone: reverse("concept:measure", args=[measure.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Meilenstein ist angelegt."))
            return redirect("concept:measure", measure.pk)
    return _measure_page(request, measure, milestone_form=form)


@require_POST
@object_permission_required("concept.edit_goals_and_measures", Milestone, **by_pk)
def milestone_reach(request, milestone: Milestone):
    form = forms.ReachMilestoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Bitte geben Sie an, wann der Meilenstein erreicht wurde."))
        services.reach_milestone(milestone, form.cleaned_data["on"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Meilenstein ist als erreicht vermerkt."))
    return redirect("concept:measure", milestone.measure_id)


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def action_field_create(request, alliance: Alliance):
    position = ActionField.objects.filter(alliance=alliance).count() + 1
    form = with_token(forms.ActionFieldForm)(request.POST or None, initial={"position": position})
    return edit_page(
        request,
        form,
        lambda f: services.create_action_field(alliance, **f.cleaned_data),
        alliance=alliance,
        heading=_("Handlungsfeld anlegen"),
        done=_("Das Handlungsfeld ist angelegt."),
        back=reverse("concept:overview", args=[alliance.slug]),
    )


@object_permission_required("concept.edit_goals_and_measures", ActionField, **by_pk)
def action_field_edit(request, field: ActionField):
    instance = ActionField.objects.get(pk=field.pk)
    form = forms.ActionFieldForm(request.POST or None, instance=instance)
    return edit_page(
        request,
        form,
        lambda f: services.update_action_field(field, **f.cleaned_data),
        alliance=field.alliance,
        heading=_("Handlungsfeld bearbeiten"),
        done=_("Das Handlungsfeld ist gespeichert."),
        back=reverse("concept:overview", args=[field.alliance.slug]),
    )
