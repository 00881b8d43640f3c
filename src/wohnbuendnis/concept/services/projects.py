"""Building projects (the pipeline) and their figures handed to the monitoring."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import (
    BuildingProject,
    ProjectStatus,
)
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language, joined
from wohnbuendnis.monitoring import services as monitoring
from wohnbuendnis.monitoring.catalogue import PROJECTS
from wohnbuendnis.monitoring.queries import observed_values

PROJECT_ORDER = list(ProjectStatus.values)


def _check_project(project: BuildingProject) -> None:
    """Refuse figures that do not add up, an area outside the alliance, and a project below
    its quota of subsidised dwellings unless the deviation is explained."""
    project.name = (project.name or "").strip()
    if not project.name:
        raise ValidationError(_("Bitte benennen Sie das Bauvorhaben."))
    if not project.dwellings:
        raise ValidationError(_("Ein Bauvorhaben hat mindestens eine Wohneinheit."))
    if project.social_dwellings > project.dwellings:
        raise ValidationError(_("Es gibt mehr geförderte Wohnungen als Wohneinheiten."))
    if project.accessible_dwellings > project.dwellings:
        raise ValidationError(_("Es gibt mehr barrierefreie Wohnungen als Wohneinheiten."))
    rooms = project.rooms_1 + project.rooms_2 + project.rooms_3 + project.rooms_4
    if rooms > project.dwellings:
        raise ValidationError(
            _("Der Wohnungsmix (%(rooms)s) übersteigt die Wohneinheiten (%(total)s).")
            % {"rooms": rooms, "total": project.dwellings}
        )
    if not 1990 <= project.expected_completion <= 2100:
        raise ValidationError(_("Bitte geben Sie ein plausibles Fertigstellungsjahr an."))
    if project.area_id is not None and project.area_id not in queries.area_ids(project.alliance):
        raise ValidationError(_("Das Gebiet liegt außerhalb des Bündnisses."))
    if project.below_quota and not project.quota_note.strip():
        raise ValidationError(
            _(
                "Das Vorhaben unterschreitet seine Förderquote von %(quota)s %%: %(social)s statt "
                "mindestens %(needed)s geförderten Wohnungen. Bitte erhöhen Sie die geförderten "
                "Wohnungen oder begründen Sie die Abweichung."
            )
            % {
                "quota": project.quota_percent,
                "social": project.social_dwellings,
                "needed": project.quota_dwellings,
            }
        )


@transaction.atomic
def register_building_project(
    alliance: Alliance, by, on: datetime.date, **fields
) -> BuildingProject:
    """A new building project in Planung since ``on`` (its first history row)."""
    project = BuildingProject(alliance=alliance, **fields)
    _check_project(project)
    project.save()
    record_status(project, by, new=True, on=on)
    return project


PROJECT_FIELDS = (
    "name", "area", "developer", "dwellings", "social_dwellings", "binding_years",
    "accessible_dwellings", "expected_completion", "rooms_1", "rooms_2", "rooms_3", "rooms_4",
    "rent_segment", "quota_percent", "quota_note",
)  # fmt: skip


@transaction.atomic
def update_building_project(
    project: BuildingProject, by, version: int, **fields
) -> BuildingProject:
    """Change a project's figures as seen at ``version`` (a save based on an older version is
    refused); the history gets a row naming the changed figures."""
    project = BuildingProject.objects.select_for_update().get(pk=project.pk)
    if version != project.version:
        raise ValidationError(
            _(
                "Das Bauvorhaben wurde inzwischen von jemand anderem geändert. Ihre Eingaben sind "
                "nicht gespeichert, stehen aber noch im Formular: bitte laden Sie das Vorhaben "
                "in einem neuen Fenster, vergleichen Sie und speichern Sie erneut."
            ),
            code="stale",
        )
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = [  # lazy names: the note names them in the site's language
        BuildingProject._meta.get_field(name).verbose_name
        for name, value in fields.items()
        if getattr(project, name) != value
    ]
    if not changed:
        raise ValidationError(_("Es hat sich nichts geändert."))
    for name, value in fields.items():
        setattr(project, name, value)
    _check_project(project)
    project.version += 1
    project.save()
    note = in_site_language(gettext_noop("Angaben geändert: %(parts)s"), parts=joined(changed))
    record_status(project, by, note, on=timezone.localdate())
    return project


@transaction.atomic
def advance_building_project(
    project: BuildingProject, by, status: str, on: datetime.date
) -> BuildingProject:
    """Move a project forward through Planung → Baurecht → Bau → fertig."""
    project = BuildingProject.objects.select_for_update().get(pk=project.pk)
    if PROJECT_ORDER.index(status) <= PROJECT_ORDER.index(project.status):
        raise ValidationError(_("Ein Bauvorhaben geht nur vorwärts."))
    if on > timezone.localdate():
        raise ValidationError(_("Das Datum des neuen Stands liegt in der Zukunft."))
    steps = project.history.exclude(from_status=F("to_status"))  # not the rows of edits
    reached = steps.order_by("-on").values_list("on", flat=True).first()
    if reached and on < reached:
        raise ValidationError(
            _("Der neue Stand liegt vor dem bisherigen (%(day)s).")
            % {"day": reached.strftime("%d.%m.%Y")}
        )
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
