"""The building projects' figures as monitoring values, per area (read-only; the service that
writes them is ``services.publish_pipeline_to_monitoring``).

A project counts in its own area and in every area above it up to the alliance's area, so the
districts get their own figures and the city the sum; a project without an area (or outside
the alliance's area) counts for the city only."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Prefetch, Q
from django.utils.formats import number_format

from wohnbuendnis.alliance.models import Alliance, Membership, Organisation
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept.models import (
    ActionField,
    BuildingProject,
    ConceptEdition,
    EditionStatus,
    Goal,
    GoalConflict,
    GoalMeasurement,
    Guideline,
    Measure,
    MeasureStatus,
    ProjectStatus,
    ReleaseKind,
)

# The catalogue indicators the building projects feed (monitoring/catalogue.py).
IN_PLANNING = "social_housing_in_planning"
PLANNED = "planned_completions"
COMPLETIONS = "project_completions"
SOCIAL_COMPLETIONS = "social_housing_completions"
ACCESSIBLE_COMPLETIONS = "accessible_completions"
KEYS = (IN_PLANNING, PLANNED, COMPLETIONS, SOCIAL_COMPLETIONS, ACCESSIBLE_COMPLETIONS)

Figures = dict[int, dict[tuple[str, int], float]]  # area id → (indicator key, year) → value
Plan = tuple[list[int], list[tuple[str, list[float]]]]  # years, (area name, value per year)


def completion_year(project: BuildingProject) -> int:
    """The year a project was moved to "fertig"; a project registered as finished counts in
    its (then past) expected completion year."""
    finished = [
        c.on.year
        for c in project.history.all()
        if c.to_status == ProjectStatus.COMPLETED and c.from_status not in ("", c.to_status)
    ]
    return finished[-1] if finished else project.expected_completion


def _chains(alliance: Alliance, projects: list[BuildingProject]) -> dict[int | None, list[int]]:
    """Project area id → the area ids it counts in (its own up to the alliance's area)."""
    chains: dict[int | None, list[int]] = {None: [alliance.area_id]}
    for area in {p.area for p in projects if p.area_id is not None}:
        chain = [area, *reversed(area.ancestors())]
        ids = [a.pk for a in chain]
        if alliance.area_id in ids:
            chains[area.pk] = ids[: ids.index(alliance.area_id) + 1]
        else:
            chains[area.pk] = [alliance.area_id]
    return chains


def project_values(project: BuildingProject, year: int) -> dict[tuple[str, int], float]:
    """What one project adds as of ``year``: finished by then, its dwellings, subsidised and
    accessible dwellings in the completion year; otherwise its subsidised dwellings in
    planning (recorded for ``year``) and its dwellings as planned completions in the expected
    year (not before ``year``: a late project cannot be finished in the past)."""
    done = completion_year(project) if project.status == ProjectStatus.COMPLETED else None
    if done is not None and done <= year:
        return {
            (COMPLETIONS, done): project.dwellings,
            (SOCIAL_COMPLETIONS, done): project.social_dwellings,
            (ACCESSIBLE_COMPLETIONS, done): project.accessible_dwellings,
        }
    expected = done if done is not None else max(project.expected_completion, year)
    return {(IN_PLANNING, year): project.social_dwellings, (PLANNED, expected): project.dwellings}


def pipeline_figures(alliance: Alliance, year: int) -> Figures:
    """Area id → (indicator key, year) → value of the alliance's building projects as of
    ``year`` (see ``project_values``); the alliance's area always has its figure in planning."""
    projects = list(
        BuildingProject.objects.filter(alliance=alliance)
        .select_related("area")
        .prefetch_related("history")
    )
    chains = _chains(alliance, projects)
    figures: defaultdict[int, dict[tuple[str, int], float]] = defaultdict(dict)
    figures[alliance.area_id][IN_PLANNING, year] = 0
    for project in projects:
        for area_id in chains[project.area_id]:
            into = figures[area_id]
            for key, value in project_values(project, year).items():
                into[key] = into.get(key, 0) + value
    return dict(figures)


def represented_organisations(user, alliance: Alliance):
    """The member organisations of the alliance on whose behalf the user holds a role today."""
    members = alliance.member_organisations.active().values("organisation")
    represented = Membership.objects.active().filter(
        alliance=alliance, person__user=user, organisation__in=members
    )
    return Organisation.objects.filter(pk__in=represented.values("organisation")).order_by("name")


def area_ids(alliance: Alliance) -> list[int]:
    """The alliance's area and every area below it."""
    root: Area = alliance.area
    return [root.pk, *root.descendant_ids()]


def completion_plan(alliance: Alliance, year: int) -> Plan:
    """The dwellings to be finished from ``year`` on, per area directly below the alliance's
    area and year (what a forecast run takes as its planned completions once published):
    the years and one row (area name, dwellings per year) per area with projects, the
    alliance's area last as the total."""
    figures = pipeline_figures(alliance, year)
    wanted = (PLANNED, COMPLETIONS)
    years = sorted(
        {y for values in figures.values() for k, y in values if k in wanted and y >= year}
    )
    names = dict(Area.objects.filter(parent=alliance.area_id).values_list("pk", "name"))
    rows = []
    for area_id, name in [*sorted(names.items(), key=lambda item: item[1]), (alliance.area_id, "")]:
        values = figures.get(area_id, {})
        row = [sum(values.get((k, y), 0) for k in wanted) for y in years]
        if any(row):
            rows.append((name, row))
    return years, rows


def adopted_edition(alliance: Alliance) -> ConceptEdition | None:
    """The edition of the concept in force (adopted, not yet superseded), or None: the public
    concept page shows its frozen content, never the draft."""
    return ConceptEdition.objects.filter(alliance=alliance, status=EditionStatus.ADOPTED).first()


def edition_sections(content: dict) -> list[dict]:
    """An edition's frozen content for reading: its guidelines in order, each with its goals
    and measures (``goals``, ``measures`` added to the guideline's dict)."""
    sections = [dict(g, goals=[], measures=[]) for g in content.get("guidelines", [])]
    by_id = {s["id"]: s for s in sections}
    for kind in ("goals", "measures"):
        for item in content.get(kind, []):
            if item.get("guideline_id") in by_id:
                by_id[item["guideline_id"]][kind].append(item)
    return sections


def public_concept(alliance: Alliance) -> tuple[ConceptEdition | None, list[dict]]:
    """What the public concept page shows: the adopted edition and its content by guideline
    (never the draft); each measure of the edition gets its released ``now_status_label`` and
    ``now_progress`` (the implementation's course since the decision, as Koordination released
    it) when it still exists and something was released."""
    edition = adopted_edition(alliance)
    if edition is None:
        return None, []
    sections = edition_sections(edition.content)
    ids = [m["id"] for s in sections for m in s["measures"]]
    now = {m.pk: m for m in Measure.objects.filter(alliance=alliance, pk__in=ids)}
    for section in sections:
        for item in section["measures"]:
            measure = now.get(item["id"])
            if measure is not None and measure.released_status:
                item["now_status_label"] = str(measure.get_released_status_display())
                item["now_progress"] = measure.released_progress
    return edition, sections


# --- released for the public pages (services.release) -----------------------------------


def pending_measures(alliance: Alliance):
    """The alliance's measures whose status or progress differs from the released one."""
    return Measure.objects.filter(alliance=alliance).filter(
        Q(released_progress__isnull=True)
        | ~Q(status=F("released_status"))
        | ~Q(progress=F("released_progress"))
    )


def pending_measurements(alliance: Alliance):
    """The alliance's actual values never released or changed since their release."""
    return GoalMeasurement.objects.filter(goal__alliance=alliance).filter(
        Q(released_value__isnull=True)
        | ~Q(value=F("released_value"))
        | ~Q(source=F("released_source"))
    )


def pending_counts(alliance: Alliance) -> dict[str, int]:
    """How many changes wait for release, per kind (the coordinator's start page)."""
    return {
        ReleaseKind.MEASURE: pending_measures(alliance).count(),
        ReleaseKind.MEASUREMENT: pending_measurements(alliance).count(),
    }


def measure_text(status: str, progress: int | None) -> str:
    """``in Umsetzung, 40 %``; blank when nothing was released."""
    if not status or progress is None:
        return ""
    return f"{MeasureStatus(status).label}, {progress} %"


def measurement_text(value: float | None, source: str) -> str:
    """``120 (Statistikstelle)``; blank when nothing was released."""
    if value is None:
        return ""
    number = number_format(int(value) if value.is_integer() else value)
    return f"{number} ({source})" if source else number


def state_key(kind: str, pk: int, state: str) -> str:
    """The checkbox value of a pending item: kind, id and a digest of the state shown, so a
    release refuses an item that changed after the page was shown."""
    digest = hashlib.sha256(state.encode()).hexdigest()[:16]
    return f"{kind}-{pk}-{digest}"


def measure_state(measure: Measure) -> str:
    return f"{measure.status}/{measure.progress}"


def measurement_state(measurement: GoalMeasurement) -> str:
    return f"{measurement.value!r}/{measurement.source}"


@dataclass(frozen=True)
class Pending:
    """A change waiting for release, as the release page lists it."""

    kind: str
    key: str
    label: str
    old: str
    new: str
    url: str = ""


def pending(alliance: Alliance) -> list[Pending]:
    """Every change waiting for release: measures by number, then actual values by goal
    and year; ``old`` is what the public pages show now."""
    items = [
        Pending(
            ReleaseKind.MEASURE,
            state_key(ReleaseKind.MEASURE, m.pk, measure_state(m)),
            str(m),
            measure_text(m.released_status, m.released_progress),
            measure_text(m.status, m.progress),
        )
        for m in pending_measures(alliance).order_by("number")
    ]
    items += [
        Pending(
            ReleaseKind.MEASUREMENT,
            state_key(ReleaseKind.MEASUREMENT, g.pk, measurement_state(g)),
            f"{g.goal.code} {g.goal.title}, {g.year}",
            measurement_text(g.released_value, g.released_source),
            measurement_text(g.value, g.source),
        )
        for g in pending_measurements(alliance).select_related("goal").order_by("goal", "year")
    ]
    return items


def public_guidelines(alliance: Alliance):
    """The guidelines with their goals and measures as the public sees them: each measure's
    released status and progress (``released_status``/``released_progress``), the average
    released progress per guideline (``progress``)."""
    measures = Measure.objects.select_related("lead").order_by("number")
    return (
        Guideline.objects.filter(alliance=alliance)
        .annotate(progress=Avg("measures__released_progress"), measure_count=Count("measures"))
        .prefetch_related("goals", Prefetch("measures", queryset=measures))
    )


def public_goals(alliance: Alliance):
    """The alliance's goals with only their released actual values prefetched (for
    ``engine.evaluate(goals, released=True)``)."""
    released = GoalMeasurement.objects.filter(released_value__isnull=False)
    return Goal.objects.filter(alliance=alliance).prefetch_related(
        Prefetch("measurements", queryset=released)
    )


def concept_workbook(alliance: Alliance):
    """The alliance's concept as the rows of the concept workbook (docs/concept-workbook.md):
    what ``analytics.io.concept_workbook_writer`` writes and ``services.workbook`` reads back."""
    from wohnbuendnis.concept.engine import workbook_io as wb
    from wohnbuendnis.concept.models import Goal, Guideline, Measure, Milestone

    a = {"alliance": alliance}
    book = wb.ConceptWorkbook()
    seen: set[int] = set()
    for g in Guideline.objects.filter(**a).order_by("position", "pk"):
        if g.position not in seen:  # two guidelines at one position: the first is matched
            seen.add(g.position)
            book.guidelines.append(wb.GuidelineRow(0, g.position, g.name, g.text))
    goal_fields = [c.field for c in wb.fmt.GOALS if c.field not in ("code", "guideline")]
    for goal in Goal.objects.filter(**a).select_related("guideline").order_by("code"):
        values = {name: getattr(goal, name) for name in goal_fields}
        book.goals.append(wb.GoalRow(0, goal.code, goal.guideline.position, **values))
    measures = (
        Measure.objects.filter(**a)
        .select_related("guideline", "lead", "action_field")
        .prefetch_related("partners", "goals")
        .order_by("number")
    )
    for m in measures:
        book.measures.append(
            wb.MeasureRow(
                0,
                m.number,
                m.guideline.position,
                m.title,
                m.description,
                m.action_field.name if m.action_field else "",
                m.lead.name,
                tuple(sorted(o.name for o in m.partners.all())),
                tuple(sorted(g.code for g in m.goals.all())),
                None if m.cost_eur is None else int(m.cost_eur),
                m.funding,
                m.start,
                m.end,
                m.status,
                m.progress,
                m.priority,
                m.pros,
                m.cons,
            )
        )
    milestones = Milestone.objects.filter(measure__alliance=alliance).select_related("measure")
    for s in milestones.order_by("measure__number", "due", "pk"):
        book.milestones.append(wb.MilestoneRow(0, s.measure.number, s.title, s.due, s.reached_on))
    project_fields = [c.field for c in wb.fmt.PROJECTS if c.field not in ("name", "developer")]
    projects = BuildingProject.objects.filter(**a).select_related("developer").order_by("name")
    for p in projects:
        values = {name: getattr(p, name) for name in project_fields}
        developer = p.developer.name if p.developer else ""
        book.projects.append(wb.ProjectRow(0, p.name, developer, **values))
    return book


def workbook_notes(alliance: Alliance) -> list[str]:
    """The lines of the workbook's first sheet "Hinweise" (in the active language)."""
    from django.utils.translation import gettext as _

    return [
        _("Handlungskonzept „%(name)s“ als Arbeitsmappe") % {"name": alliance.name},
        _(
            "Diese Arbeitsmappe enthält die Leitlinien, Ziele, Maßnahmen, Meilensteine und "
            "Bauvorhaben des Bündnisses. Sie können sie bearbeiten und auf der Seite "
            "„Arbeitsmappe hochladen“ wieder hochladen: Sie sehen zuerst jede geänderte Zeile "
            "und jedes Problem, erst „Übernehmen“ speichert – alles oder nichts."
        ),
        _(
            "Zeilen werden über ihre Nummer erkannt: Leitlinien über „Nr.“, Ziele über „Nr.“, "
            "Maßnahmen über „Nr.“, Meilensteine über Maßnahme und Titel, Bauvorhaben über ihren "
            "Namen. Eine neue Nummer legt eine neue Zeile an; gelöscht wird nichts."
        ),
        _(
            "Spalten „Leitlinie“ nennen die Nummer einer Leitlinie; „Federführung“, „Partner“ "
            "und „Bauträger“ den Namen einer Organisation; mehrere Partner oder Ziele trennen "
            "Sie mit Semikolon. Daten als Datum (TT.MM.JJJJ), Zahlen ohne Einheit."
        ),
        _(
            "Status, Priorität und andere Auswahlspalten bieten eine Liste an. Die Kopfzeilen "
            "und Tabellenblätter bitte nicht umbenennen; weitere Spalten werden ignoriert."
        ),
    ]


def export_workbook(alliance: Alliance) -> bytes:
    """The concept workbook of ``alliance`` as XLSX bytes."""
    import io

    from wohnbuendnis.concept.engine import write_concept_workbook

    buffer = io.BytesIO()
    write_concept_workbook(concept_workbook(alliance), buffer, workbook_notes(alliance))
    return buffer.getvalue()


def overview(alliance: Alliance) -> dict[str, list]:
    """The concept's overview: guidelines with their goals and measures (progress averaged),
    action fields, goal conflicts with their goals and positions – read here, as lists, so
    that the page's template makes no query (a fixed number of queries per page)."""
    measures = Measure.objects.select_related("lead").order_by("number")
    guidelines = (
        Guideline.objects.filter(alliance=alliance)
        .annotate(progress=Avg("measures__progress"), measure_count=Count("measures"))
        .prefetch_related("goals", Prefetch("measures", queryset=measures))
    )
    conflicts = GoalConflict.objects.filter(alliance=alliance).prefetch_related(
        "goals", "positions__organisation"
    )
    fields = ActionField.objects.filter(alliance=alliance).annotate(
        progress=Avg("measures__progress"), measure_count=Count("measures")
    )
    return {"guidelines": list(guidelines), "conflicts": list(conflicts), "fields": list(fields)}
