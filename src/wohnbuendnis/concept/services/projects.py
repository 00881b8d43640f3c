"""Building projects (the pipeline) and their figures handed to the monitoring."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import (
    BuildingProject,
    ProjectStatus,
)
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.monitoring import services as monitoring
from wohnbuendnis.monitoring.catalogue import PROJECTS
from wohnbuendnis.monitoring.queries import observed_values

PROJECT_ORDER = list(ProjectStatus.values)


@transaction.atomic
def register_building_project(
    alliance: Alliance, by, on: datetime.date, **fields
) -> BuildingProject:
    project = BuildingProject(alliance=alliance, **fields)
    if project.social_dwellings > project.dwellings:
        raise ValidationError(_("Es gibt mehr geförderte Wohnungen als Wohneinheiten."))
    project.save()
    record_status(project, by, new=True, on=on)
    return project


@transaction.atomic
def advance_building_project(
    project: BuildingProject, by, status: str, on: datetime.date
) -> BuildingProject:
    """Move a project forward through Planung → Baurecht → Bau → fertig."""
    project = BuildingProject.objects.select_for_update().get(pk=project.pk)
    if PROJECT_ORDER.index(status) <= PROJECT_ORDER.index(project.status):
        raise ValidationError(_("Ein Bauvorhaben geht nur vorwärts."))
    change_status(project, status, by, history={"on": on})
    return project


@transaction.atomic
def publish_pipeline_to_monitoring(alliance: Alliance, year: int, by) -> monitoring.Recorded:
    """Write the building projects' figures as of ``year`` (``pipeline.pipeline_figures``) as
    monitoring observations of the alliance's area and of every area with a project, with the
    projects as their source. The same figures again change nothing; changed figures are
    corrections with a revision each; a figure the projects no longer give (a planned year
    that moved, a district whose project moved) is set to 0 with a revision."""
    if not 1990 <= year <= timezone.localdate().year:
        raise ValidationError(_("Bitte wählen Sie ein Jahr bis zum laufenden."))
    figures = queries.pipeline_figures(alliance, year)
    stored = observed_values(
        (key, area_id) for area_id in queries.area_ids(alliance) for key in queries.KEYS
    )
    for (key, area_id), by_year in stored.items():
        for stored_year, (value, source) in by_year.items():
            if source == PROJECTS and value and _replaced(key, stored_year, year):
                figures.setdefault(area_id, {}).setdefault((key, stored_year), 0)
    areas = Area.objects.in_bulk(list(figures))
    done = [
        monitoring.record_observations(alliance, areas[area_id], figures[area_id], PROJECTS, by)
        for area_id in sorted(figures)
    ]
    return monitoring.Recorded(
        sum(d.created for d in done), sum(d.updated for d in done), sum(d.unchanged for d in done)
    )


def _replaced(key: str, stored_year: int, year: int) -> bool:
    """Whether publishing as of ``year`` restates the stored figure of ``stored_year``: the
    whole plan of completions, the completions up to ``year``, the figure in planning of
    ``year`` (those of earlier years are kept as they were recorded)."""
    if key == queries.PLANNED:
        return True
    if key == queries.IN_PLANNING:
        return stored_year == year
    return stored_year <= year
