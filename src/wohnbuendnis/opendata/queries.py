"""The alliance's open data (issue 17, item 5): what the public pages show, as tables.

Each data set takes its rows from the query the public page uses, so nothing is public here
that is not public there: the series of the public indicators (``monitoring.queries
.public_indicators``, as the public barometer), the published forecast
(``forecast.queries.published_forecast``), the goals and measures of the adopted edition with
the status, progress and actual values Koordination released (``concept.queries
.public_concept``, ``public_goals``, as the public concept page), the building projects (as
their public page) and the meetings with their public agenda items only
(``meetings.queries.public_meetings``, as the OParl export). No person appears in any of them.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries as concept_queries
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate
from wohnbuendnis.concept.models import BuildingProject, BuildingProjectStatusChange, Release
from wohnbuendnis.forecast import queries as forecast_queries
from wohnbuendnis.forecast.models import CITY
from wohnbuendnis.meetings.models import MeetingStatus, MeetingStatusChange, MinutesStatus
from wohnbuendnis.meetings.queries import public_meetings
from wohnbuendnis.monitoring.models import Observation
from wohnbuendnis.monitoring.queries import downloads as monitoring_downloads
from wohnbuendnis.monitoring.queries import public_indicators


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key (stable, for programs)
    header: str | Promise  # the CSV header (German, for people)
    kind: str = "text"  # text, int, float


@dataclass
class Table:
    """One data set's rows (dicts by column key) and when its content last changed."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    modified: datetime.datetime | None = None
    note: str = ""  # what the data set is based on (the forecast run's title, the edition)
    # False: nothing of it is public yet (no published forecast, no adopted edition): the
    # files answer 404 and the catalogue leaves the data set out
    available: bool = True


@dataclass(frozen=True)
class Dataset:
    key: str  # in the address: /offene-daten/<bündnis>/<key>.csv
    title: str | Promise
    description: str | Promise
    keywords: tuple[str, ...]
    build: Callable[[Alliance, Callable[[str], str]], Table]  # (alliance, absolute url)


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    found = [m for m in moments if m is not None]
    return max(found) if found else None


# --- the data sets ------------------------------------------------------------------------


SERIES_COLUMNS = [
    Column("indicator", _("Indikator")),
    Column("indicator_name", _("Indikatorname")),
    Column("area", _("Gebiet")),
    Column("area_name", _("Gebietsname")),
    Column("year", _("Jahr"), "int"),
    Column("value", _("Wert"), "float"),
    Column("unit", _("Einheit")),
    Column("source", _("Quelle")),
]


def indicator_series(alliance: Alliance, url) -> Table:
    frame, _decimals = monitoring_downloads.table(alliance, public=True)
    keys = [c.key for c in SERIES_COLUMNS]
    rows = [dict(zip(keys, row, strict=True)) for row in frame.iter_rows()]
    modified = Observation.objects.filter(
        indicator__in=public_indicators(alliance),
        area_id__in=[alliance.area_id, *alliance.area.descendant_ids()],
    ).aggregate(at=Max("recorded_at"))["at"]
    return Table(SERIES_COLUMNS, rows, modified)


FORECAST_FIELDS = [
    ("population", _("Bevölkerung")),
    ("age_0_17", _("0–17 Jahre")),
    ("age_18_64", _("18–64 Jahre")),
    ("age_65_plus", _("65 Jahre und älter")),
    ("households", _("Haushalte")),
    ("stock", _("Wohnungsbestand")),
    ("target_stock", _("Bedarf (Zielbestand)")),
    ("new_construction_need", _("Neubaubedarf")),
    ("completions", _("Fertigstellungen")),
    ("balance", _("Saldo Bestand − Bedarf")),
    ("p05", _("Bevölkerung 5 %")),
    ("p25", _("Bevölkerung 25 %")),
    ("p50", _("Bevölkerung 50 %")),
    ("p75", _("Bevölkerung 75 %")),
    ("p95", _("Bevölkerung 95 %")),
]
FORECAST_COLUMNS = [
    Column("scenario", _("Szenario")),
    Column("area", _("Gebiet")),
    Column("area_name", _("Gebietsname")),
    Column("year", _("Jahr"), "int"),
    *[Column(key, label, "int") for key, label in FORECAST_FIELDS],
]


def forecast(alliance: Alliance, url) -> Table:
    """The published forecast's summary per scenario, area and year (persons, households,
    dwellings rounded to whole numbers; the quantiles of the population where drawn)."""
    run = forecast_queries.published_forecast(alliance)
    if run is None:
        return Table(FORECAST_COLUMNS, [], available=False)
    city = run.inputs.area
    names = {CITY: city.name, **dict(city.children.values_list("key", "name"))}
    rows = []
    for r in run.rows.order_by("scenario", "area_key", "year"):
        row = {
            "scenario": r.scenario,
            "area": r.area_key or city.key,
            "area_name": names.get(r.area_key, r.area_key),
            "year": r.year,
        }
        for key, _label in FORECAST_FIELDS:
            value = getattr(r, key)
            row[key] = round(value) if value is not None and math.isfinite(value) else None
        rows.append(row)
    note = f"{run.title} ({run.method_label})"
    return Table(FORECAST_COLUMNS, rows, run.finished_at, note)


GOAL_COLUMNS = [
    Column("code", _("Ziel")),
    Column("title", _("Titel")),
    Column("guideline", _("Leitlinie")),
    Column("target_group", _("Zielgruppe")),
    Column("year_from", _("von Jahr"), "int"),
    Column("year_to", _("bis Jahr"), "int"),
    Column("target", _("Zielwert"), "float"),
    Column("target_high", _("Zielwert obere Grenze"), "float"),
    Column("unit", _("Einheit")),
    Column("result_year", _("Stand (Jahr)"), "int"),
    Column("actual", _("Istwert"), "float"),
    Column("result", _("Bewertung")),
]


def goals(alliance: Alliance, url) -> Table:
    """The goals of the adopted edition with their latest result from the released actual
    values (as the public concept page)."""
    edition, sections = concept_queries.public_concept(alliance)
    if edition is None:
        return Table(GOAL_COLUMNS, [], available=False)
    results = {r.goal.pk: r.latest for r in evaluate(concept_queries.public_goals(alliance), True)}
    rows = []
    for section in sections:
        for goal in section["goals"]:
            latest = results.get(goal["id"])
            rows.append(
                {
                    "code": goal["code"],
                    "title": goal["title"],
                    "guideline": section["name"],
                    "target_group": goal.get("target_group_label", ""),
                    "year_from": goal.get("year_from"),
                    "year_to": goal.get("year_to"),
                    "target": goal.get("target"),
                    "target_high": goal.get("target_high"),
                    "unit": goal.get("unit", ""),
                    "result_year": latest.year if latest else None,
                    "actual": latest.actual if latest else None,
                    "result": RESULT_LABELS.get(latest.result, "") if latest else "",
                }
            )
    released = Release.objects.filter(alliance=alliance).aggregate(at=Max("at"))["at"]
    return Table(GOAL_COLUMNS, rows, _latest(released, _decided(edition)), _edition(edition))


MEASURE_COLUMNS = [
    Column("number", _("Nummer"), "int"),
    Column("title", _("Titel")),
    Column("guideline", _("Leitlinie")),
    Column("lead", _("federführend")),
    Column("status", _("Stand")),
    Column("progress", _("Fortschritt (%)"), "int"),
]


def measures(alliance: Alliance, url) -> Table:
    """The measures of the adopted edition with the status and progress Koordination released
    (blank where nothing was released)."""
    edition, sections = concept_queries.public_concept(alliance)
    if edition is None:
        return Table(MEASURE_COLUMNS, [], available=False)
    rows = [
        {
            "number": m["number"],
            "title": m["title"],
            "guideline": section["name"],
            "lead": m.get("lead", ""),
            "status": m.get("now_status_label", ""),
            "progress": m.get("now_progress"),
        }
        for section in sections
        for m in section["measures"]
    ]
    released = Release.objects.filter(alliance=alliance).aggregate(at=Max("at"))["at"]
    return Table(MEASURE_COLUMNS, rows, _latest(released, _decided(edition)), _edition(edition))


def _decided(edition) -> datetime.datetime | None:
    if edition.decided_on is None:
        return None
    return datetime.datetime.combine(
        edition.decided_on, datetime.time(), timezone.get_current_timezone()
    )


def _edition(edition) -> str:
    return f"{edition.number}: {edition.title}"


PROJECT_COLUMNS = [
    Column("name", _("Vorhaben")),
    Column("area", _("Gebiet")),
    Column("area_name", _("Gebietsname")),
    Column("developer", _("Bauherr")),
    Column("dwellings", _("Wohneinheiten"), "int"),
    Column("social_dwellings", _("davon gefördert"), "int"),
    Column("accessible_dwellings", _("davon barrierefrei"), "int"),
    Column("status", _("Status")),
    Column("expected_completion", _("Fertigstellung erwartet"), "int"),
]


def projects(alliance: Alliance, url) -> Table:
    """The building projects as their public page lists them."""
    found = BuildingProject.objects.filter(alliance=alliance).select_related("area", "developer")
    rows = [
        {
            "name": p.name,
            "area": p.area.key if p.area else "",
            "area_name": p.area.name if p.area else "",
            "developer": (p.developer.short_name or p.developer.name) if p.developer else "",
            "dwellings": p.dwellings,
            "social_dwellings": p.social_dwellings,
            "accessible_dwellings": p.accessible_dwellings,
            "status": str(p.get_status_display()),
            "expected_completion": p.expected_completion,
        }
        for p in found.order_by("expected_completion", "name", "pk")
    ]
    modified = BuildingProjectStatusChange.objects.filter(project__alliance=alliance).aggregate(
        at=Max("at")
    )["at"]
    return Table(PROJECT_COLUMNS, rows, modified)


MEETING_COLUMNS = [
    Column("body", _("Gremium")),
    Column("title", _("Sitzung")),
    Column("start", _("Beginn")),
    Column("end", _("Ende")),
    Column("place", _("Ort")),
    Column("status", _("Status")),
    Column("public_agenda", _("Öffentliche Tagesordnungspunkte")),
    Column("summary_url", _("Öffentliche Zusammenfassung")),
]


def meetings(alliance: Alliance, url) -> Table:
    """The meeting calendar: every meeting of the alliance's bodies with its public agenda
    items (as the OParl export: no people, no video link, no non-public item)."""
    from django.urls import reverse

    rows = []
    for m in public_meetings(alliance):
        minutes = getattr(m, "minutes", None)
        published = minutes is not None and minutes.status == MinutesStatus.PUBLISHED
        rows.append(
            {
                "body": m.body.name,
                "title": m.title,
                "start": timezone.localtime(m.starts_at).isoformat(),
                "end": timezone.localtime(m.ends_at).isoformat(),
                "place": m.place,
                "status": str(MeetingStatus(m.status).label),
                "public_agenda": " | ".join(
                    f"{i.position}. {i.title}" for i in m.agenda_items.all()
                ),
                "summary_url": url(reverse("meetings:public_summary", args=[minutes.pk]))
                if published
                else "",
            }
        )
    modified = MeetingStatusChange.objects.filter(meeting__body__alliance=alliance).aggregate(
        at=Max("at")
    )["at"]
    return Table(MEETING_COLUMNS, rows, modified)


DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset(
            "zeitreihen",
            _("Zeitreihen der Wohnungsmarktbeobachtung"),
            _(
                "Die öffentlichen Indikatoren des Wohnungsmarktbarometers je Gebiet und Jahr, "
                "mit Einheit und Quelle."
            ),
            ("Wohnungsmarkt", "Monitoring", "Indikatoren"),
            indicator_series,
        ),
        Dataset(
            "prognose",
            _("Veröffentlichte Bevölkerungs- und Haushaltsprognose"),
            _(
                "Bevölkerung nach Altersgruppen, Haushalte, Wohnungsbestand und Wohnungsbedarf "
                "je Szenario, Gebiet und Jahr, mit Bandbreiten der Bevölkerung."
            ),
            ("Bevölkerungsprognose", "Wohnungsbedarf", "Haushalte"),
            forecast,
        ),
        Dataset(
            "ziele",
            _("Ziele des Handlungskonzepts mit Stand"),
            _(
                "Die Ziele der beschlossenen Fassung des Handlungskonzepts mit Zielwert und dem "
                "zuletzt freigegebenen Istwert und seiner Bewertung."
            ),
            ("Handlungskonzept", "Ziele", "Erfolgskontrolle"),
            goals,
        ),
        Dataset(
            "massnahmen",
            _("Maßnahmen des Handlungskonzepts mit Stand"),
            _(
                "Die Maßnahmen der beschlossenen Fassung des Handlungskonzepts mit dem zuletzt "
                "freigegebenen Stand und Fortschritt der Umsetzung."
            ),
            ("Handlungskonzept", "Maßnahmen", "Umsetzung"),
            measures,
        ),
        Dataset(
            "bauvorhaben",
            _("Bauvorhaben"),
            _(
                "Die Wohnungsbauvorhaben mit Wohneinheiten, geförderten und barrierefreien "
                "Wohnungen, Status und erwarteter Fertigstellung."
            ),
            ("Wohnungsbau", "Bauvorhaben", "geförderter Wohnungsbau"),
            projects,
        ),
        Dataset(
            "sitzungen",
            _("Sitzungskalender"),
            _(
                "Die Sitzungen der Gremien des Bündnisses mit Ort, Status und den öffentlichen "
                "Tagesordnungspunkten."
            ),
            ("Sitzungen", "Gremien", "Termine"),
            meetings,
        ),
    )
}
