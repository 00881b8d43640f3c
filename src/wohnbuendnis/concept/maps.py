"""The building projects on a map of the alliance's districts (a region's: its municipalities):
each part coloured by the dwellings its unfinished projects will bring, its tooltip naming
them. The projects carry a district, not coordinates, so the map shows where, not the plot."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept.models import BuildingProject, ProjectStatus
from wohnbuendnis.monitoring.charts import CLASS_COLOURS, NO_VALUE, feature_collection, german

# upper bounds of the classes of dwellings still to come in one part of the city
BREAKS = (100, 250, 500, 1000)


@dataclass
class Part:
    area: Area
    projects: list[BuildingProject] = field(default_factory=list)

    @property
    def dwellings(self) -> int:
        return sum(p.dwellings for p in self.projects)

    @property
    def social_dwellings(self) -> int:
        return sum(p.social_dwellings for p in self.projects)


def colour(dwellings: int) -> str:
    if dwellings <= 0:
        return NO_VALUE
    for index, bound in enumerate(BREAKS):
        if dwellings < bound:
            return CLASS_COLOURS[index]
    return CLASS_COLOURS[-1]


def legend() -> list[tuple[str, str]]:
    """(colour, text) of each class, the empty one last."""
    rows, lower = [], 1
    for index, bound in enumerate(BREAKS):
        rows.append((CLASS_COLOURS[index], f"{german(lower, 0)}–{german(bound - 1, 0)}"))
        lower = bound
    rows.append((CLASS_COLOURS[-1], _("%(n)s und mehr") % {"n": german(lower, 0)}))
    rows.append((NO_VALUE, _("kein unfertiges Vorhaben")))
    return rows


def parts(alliance: Alliance) -> list[Part]:
    """The parts of the alliance's area (districts of a city, municipalities of a region) with
    the unfinished projects in them; a project in a quarter counts for its district, one
    without an area for none."""
    children = list(Area.objects.filter(parent=alliance.area).order_by("name"))
    by_pk = {area.pk: Part(area) for area in children}
    parent_of = dict(
        Area.objects.filter(pk__in=alliance.area.descendant_ids()).values_list("pk", "parent_id")
    )
    unfinished = BuildingProject.objects.filter(alliance=alliance, area__isnull=False).exclude(
        status=ProjectStatus.COMPLETED
    )
    for project in unfinished.order_by("-dwellings", "name"):
        pk = project.area_id
        while pk is not None and pk not in by_pk:
            pk = parent_of.get(pk)
        if pk is not None:
            by_pk[pk].projects.append(project)
    return list(by_pk.values())


def projects_geojson(found: list[Part]) -> dict:
    colours = {part.area.pk: colour(part.dwellings) for part in found}
    labels = {part.area.pk: label(part) for part in found}
    return feature_collection([part.area for part in found], colours, labels)


def label(part: Part) -> str:
    if not part.projects:
        return f"{part.area.name}: " + _("kein unfertiges Vorhaben")
    names = ", ".join(p.name for p in part.projects)
    count = ngettext("%(n)s Vorhaben", "%(n)s Vorhaben", len(part.projects)) % {
        "n": len(part.projects)
    }
    units = ngettext("%(n)s Wohneinheit", "%(n)s Wohneinheiten", part.dwellings) % {
        "n": german(part.dwellings, 0)
    }
    return _("%(area)s: %(units)s in %(count)s (%(names)s)") % {
        "area": part.area.name,
        "units": units,
        "count": count,
        "names": names,
    }
