"""Building projects: the pipeline page, handing its figures to the monitoring; creating,
editing and advancing projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import charts, forms, maps, queries, services
from wohnbuendnis.concept.models import (
    BuildingProject,
    ProjectStatus,
)
from wohnbuendnis.concept.services import PROJECT_ORDER
from wohnbuendnis.concept.views.common import by_pk, edit_page
from wohnbuendnis.lib.idempotency import with_token
from wohnbuendnis.lib.views import deny, object_permission_required


@object_permission_required("concept.view_public", Alliance)
def projects_map(request, alliance: Alliance):
    """GeoJSON of the districts coloured by the dwellings of their unfinished projects."""
    return JsonResponse(maps.projects_geojson(maps.parts(alliance)))


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
    statuses = [str(s.label) for s in ProjectStatus]
    pipeline = charts.pipeline_rows(
        ((str(p.get_status_display()), p.expected_completion, p.dwellings) for p in rows),
        statuses,
    )
    context = {
        "alliance": alliance,
        "projects": rows,
        "totals": totals,
        "by_status": by_status,
        "pipeline_chart": charts.pipeline_chart(
            pipeline, statuses, _("Wohneinheiten nach Status und Jahr")
        )
        if pipeline
        else None,
        "pipeline_table": _pipeline_table(pipeline, statuses),
        "can_publish": request.user.has_perm("concept.publish_pipeline", alliance),
        "can_edit": request.user.has_perm("concept.edit_goals_and_measures", alliance),
        "this_year": timezone.localdate().year,
        "map_parts": [part for part in maps.parts(alliance) if part.projects],
        "map_legend": maps.legend(),
    }
    context["plan_years"], context["plan"] = queries.completion_plan(alliance, context["this_year"])
    return render(request, "concept/projects.html", context)


def _pipeline_table(pipeline: list[dict], statuses: list[str]) -> dict:
    """The chart's numbers as a table: one row per year, one column per status."""
    years = sorted({row["Jahr"] for row in pipeline})
    cell = {(row["Jahr"], row["Status"]): row["Wohneinheiten"] for row in pipeline}
    return {
        "statuses": statuses,
        "rows": [
            (year, [cell.get((year, s), 0) for s in statuses],
             sum(cell.get((year, s), 0) for s in statuses))
            for year in years
        ],
    }  # fmt: skip


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


# --- writing building projects ------------------------------------------------------------


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def project_create(request, alliance: Alliance):
    initial = {"expected_completion": timezone.localdate().year + 2}
    form = with_token(forms.ProjectForm)(request.POST or None, alliance=alliance, initial=initial)
    on = timezone.localdate()
    return edit_page(
        request,
        form,
        lambda f: services.register_building_project(
            alliance, request.user, on, **f.service_fields()
        ),
        alliance=alliance,
        heading=_("Bauvorhaben anlegen"),
        done=_("Das Bauvorhaben ist angelegt (Stand: Planung)."),
        back=lambda p: reverse("concept:project", args=[p.pk]),
        extra={"cancel": reverse("concept:projects", args=[alliance.slug])},
    )


@object_permission_required("concept.edit_goals_and_measures", BuildingProject, **by_pk)
def project_edit(request, project: BuildingProject):
    """Edit the figures (with the version check) and, beside it, advance the status."""
    instance = BuildingProject.objects.get(pk=project.pk)
    form = forms.ProjectForm(request.POST or None, instance=instance, alliance=project.alliance)

    def save(f):
        version = f.cleaned_data["version"]
        if version is None:
            raise ValidationError(_("Bitte laden Sie die Seite neu."))
        return services.update_building_project(
            project, request.user, version, **f.service_fields()
        )

    return edit_page(
        request,
        form,
        save,
        alliance=project.alliance,
        heading=_("Bauvorhaben „%(name)s“ bearbeiten") % {"name": project.name},
        done=_("Das Bauvorhaben ist gespeichert."),
        back=reverse("concept:project", args=[project.pk]),
    )


@object_permission_required("concept.view_concept", BuildingProject, **by_pk)
def project_detail(request, project: BuildingProject):
    """A project's figures and course; for those who edit, the form to advance its status."""
    can_edit = request.user.has_perm("concept.edit_goals_and_measures", project)
    if request.method == "POST" and not can_edit:
        return deny(request)
    later = PROJECT_ORDER[PROJECT_ORDER.index(project.status) + 1 :]
    initial = {"status": later[0] if later else "", "on": timezone.localdate()}
    form = forms.AdvanceProjectForm(request.POST or None, initial=initial)
    form.fields["status"].choices = [(s, ProjectStatus(s).label) for s in later]
    if request.method == "POST" and form.is_valid():
        try:
            services.advance_building_project(project, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Stand des Bauvorhabens ist gespeichert."))
            return redirect("concept:project", project.pk)
    context = {
        "alliance": project.alliance,
        "project": project,
        "history": project.history.select_related("by"),
        "form": form if later and can_edit else None,
        "can_edit": can_edit,
    }
    return render(request, "concept/project_detail.html", context)
