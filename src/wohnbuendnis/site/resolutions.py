"""A body's resolution moves a measure of the action concept forward.

meetings and concept sit side by side in one layer and may not import each other; the one
place where a resolution reaches a measure is here, above both, and the state change itself
stays ``concept.services.set_measure_status`` (with its history row naming the resolution).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.concept import services as concept_services
from wohnbuendnis.concept.models import Measure, MeasureStatus
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.meetings.models import Resolution


def apply_resolution_to_measure(
    resolution: Resolution, measure: Measure, by, status: str, progress: int | None = None
) -> Measure:
    """Set a measure's status (and progress) as a resolution decided; the note cites it."""
    meeting = resolution.meeting
    if measure.alliance_id != meeting.body.alliance_id:
        raise ValidationError(_("Die Maßnahme gehört zu einem anderen Bündnis."))
    note = _("Beschluss %(number)s (%(body)s, %(day)s)") % {
        "number": resolution.number,
        "body": meeting.body,
        "day": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
    }
    return concept_services.set_measure_status(measure, by, status, progress, note=note)


class ResolutionMeasureForm(forms.Form):
    measure = forms.ModelChoiceField(label=gettext_lazy("Maßnahme"), queryset=None)
    status = forms.ChoiceField(label=gettext_lazy("neuer Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=gettext_lazy("Fortschritt (%)"), min_value=0, max_value=100, required=False
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(alliance=alliance)


@object_permission_required("meetings.manage_meeting", Resolution, lookup="pk", url_kwarg="pk")
def resolution_measure(request, resolution: Resolution):
    alliance = resolution.meeting.body.alliance
    if not request.user.has_perm("concept.edit_goals_and_measures", alliance):
        raise PermissionDenied
    form = ResolutionMeasureForm(request.POST or None, alliance=alliance)
    if form.is_valid():
        data = form.cleaned_data
        try:
            apply_resolution_to_measure(
                resolution, data["measure"], request.user, data["status"], data["progress"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Stand der Maßnahme ist gespeichert."))
            return redirect("meetings:meeting", resolution.meeting_id)
    context = {"resolution": resolution, "meeting": resolution.meeting, "alliance": alliance}
    return render(request, "site/resolution_measure.html", {**context, "form": form})
