"""The building projects' figures as monitoring values, per area (read-only; the service that
writes them is ``services.publish_pipeline_to_monitoring``).

A project counts in its own area and in every area above it up to the alliance's area, so the
districts get their own figures and the city the sum; a project without an area (or outside
the alliance's area) counts for the city only."""

from __future__ import annotations

from collections import defaultdict

from wohnbuendnis.alliance.models import Alliance, Membership, Organisation
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept.models import BuildingProject, ProjectStatus

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
