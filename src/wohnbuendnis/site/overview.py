"""The overview of a state or regional alliance (issue 15, item 5): every municipality of its
Land or region with its local alliance, its concept (the adopted edition and its date), the
next evaluation and its key indicators; the regional alliances of a Land beside them. Only what
the local alliances publish (their public pages and adopted editions) is linked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance, AllianceAffiliation
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.concept.models import ConceptEdition, EditionStatus, EvaluationPeriod
from wohnbuendnis.concept.models.evaluation import EvaluationStatus
from wohnbuendnis.monitoring.charts import feature_collection
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.queries import pages, regional

#: The map's classes: (key, colour, label). Colours of the monitoring's palette.
WITH_CONCEPT, WITH_ALLIANCE, WITHOUT = "concept", "alliance", "none"
CLASSES = [
    (WITH_CONCEPT, "#1b7837", _("Bündnis mit beschlossenem Handlungskonzept")),
    (WITH_ALLIANCE, "#a6dba0", _("Bündnis ohne beschlossenes Handlungskonzept")),
    (WITHOUT, "#ffffff", _("kein Bündnis auf der Plattform")),
]
KEY_INDICATORS = ("population", "dwellings", "completions")


@dataclass
class Local:
    """One local alliance: whether it is a member of the overview's alliance, its adopted
    edition and its next evaluation."""

    alliance: Alliance
    member: bool
    edition: ConceptEdition | None = None
    evaluation: EvaluationPeriod | None = None


@dataclass
class Row:
    area: Area
    locals: list[Local] = field(default_factory=list)
    population: float | None = None
    size_label: str = "–"
    dwellings: float | None = None
    completions_per_1000: float | None = None

    @property
    def status(self) -> str:
        if any(local.edition for local in self.locals):
            return WITH_CONCEPT
        return WITH_ALLIANCE if self.locals else WITHOUT

    @property
    def status_label(self) -> str:
        return str(next(label for key, _c, label in CLASSES if key == self.status))


def _locals(alliance: Alliance, areas: list[Area]) -> dict[int, list[Local]]:
    """area pk → the alliances of that area (never the overview's own), with their adopted
    edition and next open evaluation: three queries for all of them."""
    alliances = list(
        Alliance.objects.filter(area__in=areas).exclude(pk=alliance.pk).order_by("name")
    )
    members = set(
        AllianceAffiliation.objects.active()
        .filter(parent=alliance, member__in=alliances)
        .values_list("member_id", flat=True)
    )
    editions = {
        e.alliance_id: e
        for e in ConceptEdition.objects.filter(alliance__in=alliances, status=EditionStatus.ADOPTED)
    }
    evaluations: dict[int, EvaluationPeriod] = {}
    open_periods = EvaluationPeriod.objects.filter(
        alliance__in=alliances, status=EvaluationStatus.OPEN
    ).order_by("year_to", "id")
    for period in open_periods:
        evaluations.setdefault(period.alliance_id, period)
    found: dict[int, list[Local]] = {}
    for local in alliances:
        found.setdefault(local.area_id, []).append(
            Local(local, local.pk in members, editions.get(local.pk), evaluations.get(local.pk))
        )
    return found


def latest_year(alliance: Alliance, areas: list[Area]) -> int | None:
    """The latest year with a population of any of the municipalities."""
    population = Indicator.objects.for_alliance(alliance).filter(key="population").first()
    years = pages.years_of(population, areas) if population else []
    return years[0] if years else None


def overview(alliance: Alliance) -> dict[str, Any]:
    """Context of the overview page: the municipalities (and for a Land its Kreise/regions)."""
    areas = regional.municipalities(alliance)
    year = latest_year(alliance, areas)
    local = _locals(alliance, areas)
    rows = {a.pk: Row(a, local.get(a.pk, [])) for a in areas}
    if year is not None:
        catalogue = {i.key: i for i in Indicator.objects.for_alliance(alliance)}
        for key in KEY_INDICATORS:
            if key not in catalogue:
                continue
            per_1000 = key == "completions"
            for place in regional.places(alliance, catalogue[key], year, per_1000=per_1000):
                row = rows[place.area.pk]
                row.population, row.size_label = place.population, place.size_label
                if key == "dwellings":
                    row.dwellings = place.value
                elif key == "completions":
                    row.completions_per_1000 = place.value
    regions: list[Row] = []
    if alliance.area.level == AreaLevel.STATE:
        kreise = list(alliance.area.children.filter(level=AreaLevel.REGION).order_by("key"))
        by_kreis = _locals(alliance, kreise)
        regions = [Row(k, by_kreis.get(k.pk, [])) for k in kreise]
    ordered = sorted(rows.values(), key=lambda r: r.area.name)
    counts = {key: sum(1 for r in ordered if r.status == key) for key, _c, _l in CLASSES}
    legend = [(colour, str(label), counts[key]) for key, colour, label in CLASSES]
    return {"rows": ordered, "regions": regions, "year": year, "legend": legend}


def overview_map(alliance: Alliance) -> dict[str, Any]:
    """GeoJSON of the municipalities coloured by whether they have an alliance and a concept."""
    areas = regional.municipalities(alliance)
    local = _locals(alliance, areas)
    colours, labels = {}, {}
    colour_of = {key: colour for key, colour, _l in CLASSES}
    for area in areas:
        row = Row(area, local.get(area.pk, []))
        colours[area.pk] = colour_of[row.status]
        labels[area.pk] = f"{area.name}: {row.status_label}"
    return feature_collection(areas, colours, labels)
