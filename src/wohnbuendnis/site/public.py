"""What the alliance's public start page shows (issue 17, item 4): what is next, the latest
published results, the barometer's key figures, the published forecast, the concept's progress
and the open data. Everything through the public queries of the apps, so the page shows nothing
their own public pages do not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from wohnbuendnis.alliance.models import Alliance, Body, MemberOrganisation
from wohnbuendnis.concept import maps as project_maps
from wohnbuendnis.concept import queries as concept_queries
from wohnbuendnis.concept.engine import evaluate
from wohnbuendnis.concept.models import ConceptEdition, EditionStatus
from wohnbuendnis.events.queries import upcoming_public_events
from wohnbuendnis.forecast.models import CITY
from wohnbuendnis.forecast.queries import published_forecast
from wohnbuendnis.meetings.queries import public_meetings, published_minutes
from wohnbuendnis.monitoring.queries import key_figures, public_indicators
from wohnbuendnis.reports.queries import published_reports

UPCOMING = 5  # meetings shown
EVENTS = 3  # public events shown
LATEST = 3  # reports and summaries shown
FIGURES = 4  # key figures shown


@dataclass(frozen=True)
class ForecastLine:
    scenario: str
    first_year: int
    first: float
    last_year: int
    last: float


@dataclass(frozen=True)
class Progress:
    measures: int  # of the adopted edition
    released: int  # with a released status
    average: float | None  # the released progress, on average (%)
    goals: int  # quantitative goals with a result from released values
    good: int  # of them reached, within the corridor or beyond


def forecast_lines(run) -> list[ForecastLine]:
    """The whole city's population in the first and the last year, per scenario."""
    rows = run.rows.filter(area_key=CITY).values_list("scenario", "year", "population")
    by_scenario: dict[str, dict[int, float]] = {}
    for scenario, year, population in rows:
        by_scenario.setdefault(scenario, {})[year] = population
    lines = []
    for scenario, values in sorted(by_scenario.items()):
        first, last = min(values), max(values)
        lines.append(ForecastLine(scenario, first, values[first], last, values[last]))
    return lines


def progress(alliance: Alliance) -> Progress | None:
    """The adopted edition's measures and goals as the public concept page shows them."""
    edition, sections = concept_queries.public_concept(alliance)
    if edition is None:
        return None
    measures = [m for s in sections for m in s["measures"]]
    shown = [m["now_progress"] for m in measures if m.get("now_status_label")]
    edition_goals = {g["id"] for s in sections for g in s["goals"]}
    results = [
        r.latest
        for r in evaluate(concept_queries.public_goals(alliance), released=True)
        if r.goal.pk in edition_goals and r.latest is not None
    ]
    return Progress(
        measures=len(measures),
        released=len(shown),
        average=sum(shown) / len(shown) if shown else None,
        goals=len(results),
        good=sum(1 for r in results if r.good),
    )


def page(alliance: Alliance) -> dict[str, Any]:
    """Everything an alliance's public page shows: the alliance with its bodies and member
    organisations by sector, its affiliations and :func:`overview`."""
    prefetch_related_objects(
        [alliance],
        Prefetch("bodies", queryset=Body.objects.order_by("position")),
        Prefetch(
            "member_organisations",
            queryset=MemberOrganisation.objects.active()
            .select_related("organisation")
            .order_by("organisation__name"),
            to_attr="active_members",
        ),
    )
    by_sector: dict[str, list] = {}
    for member in alliance.active_members:
        by_sector.setdefault(member.organisation.get_sector_display(), []).append(member)
    context = {"alliance": alliance, "by_sector": sorted(by_sector.items())}
    return context | affiliations(alliance) | overview(alliance)


def affiliations(alliance: Alliance) -> dict[str, Any]:
    """The local alliances that are members of this one (each with its adopted edition's date,
    when it has one: what it publishes) and the alliances this one is a member of."""
    members = list(
        alliance.member_alliances.active().select_related("member__area").order_by("member__name")
    )
    adopted = {
        e.alliance_id: e
        for e in ConceptEdition.objects.filter(
            alliance__in=[m.member for m in members], status=EditionStatus.ADOPTED
        )
    }
    return {
        "member_alliances": [(m.member, adopted.get(m.member_id)) for m in members],
        "parent_alliances": [
            a.parent for a in alliance.affiliations.active().select_related("parent")
        ],
    }


def overview(alliance: Alliance) -> dict[str, Any]:
    now = timezone.now()
    indicators = list(public_indicators(alliance).filter(is_key_figure=True))
    run = published_forecast(alliance)
    return {
        "upcoming": list(public_meetings(alliance).filter(starts_at__gte=now)[:UPCOMING]),
        "events": list(upcoming_public_events(alliance)[:EVENTS]),
        "summaries": list(published_minutes(alliance)[:LATEST]),
        "reports": list(published_reports(alliance)[:LATEST]),
        "figures": key_figures(alliance, alliance.area, indicators)[:FIGURES],
        "area": alliance.area,
        "forecast": run,
        "forecast_lines": forecast_lines(run) if run else [],
        "progress": progress(alliance),
        "map_parts": [part for part in project_maps.parts(alliance) if part.projects],
        "map_legend": project_maps.legend(),
    }
