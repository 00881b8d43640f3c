"""Building projects: the pipeline page, handing its figures to the monitoring; creating,
editing and advancing projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, queries, services
from wohnbuendnis.concept.models import (
    BuildingProject,
    ProjectStatus,
)
from wohnbuendnis.lib.views import object_permission_required


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
