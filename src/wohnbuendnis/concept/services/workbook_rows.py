"""The rows of an uploaded concept workbook, sheet by sheet, through the concept's services
(``services.workbook`` runs them in one transaction). Each row runs in a savepoint: a refused
row is a problem naming its sheet, row and column, and the next row is still checked."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.engine import Code, InputError, workbook_io
from wohnbuendnis.concept.engine import workbook_format as fmt
from wohnbuendnis.concept.models import (
    ActionField,
    BuildingProject,
    Goal,
    Guideline,
    Measure,
    MeasureStatus,
    Milestone,
)
from wohnbuendnis.concept.services import goals as goal_services
from wohnbuendnis.concept.services import measures as measure_services
from wohnbuendnis.concept.services import projects as project_services
from wohnbuendnis.concept.services.workbook import (
    Change,
    WorkbookResult,
    problem_of,
    refused,
    shown,
)
from wohnbuendnis.lib.history import record_status
from wohnbuendnis.lib.plausibility import check_date_near_today, check_range
from wohnbuendnis.lib.site_language import in_site_language

GuidelineRow, GoalRow, MeasureRow = (
    workbook_io.GuidelineRow,
    workbook_io.GoalRow,
    workbook_io.MeasureRow,
)
MilestoneRow, ProjectRow = workbook_io.MilestoneRow, workbook_io.ProjectRow

#: A concept's dates lie within this many years of today (lib.plausibility).
DATE_YEARS = 30
GOAL_FIELDS = [c.field for c in fmt.GOALS if c.field not in ("code", "guideline")]
MEASURE_FIELDS = ["title", "description", "cost_eur", "funding", "start", "end", "priority",
                  "pros", "cons"]  # fmt: skip
PROJECT_FIELDS = [c.field for c in fmt.PROJECTS if c.field not in ("name", "developer", "status")]


def _headers(columns: Sequence[fmt.Column]) -> dict[str, fmt.Column]:
    return {c.field: c for c in columns}


def _word(column: fmt.Column, value: object) -> str:
    if column.choices is not None:
        words = {stored: word for word, stored in column.choices.items()}
        return words.get(str(value), shown(value))
    return shown(value)


class _Refused(Exception):
    def __init__(self, column: str | None, error: ValidationError) -> None:
        super().__init__(column)
        self.column, self.error = column, error


class Run:
    """One pass over a workbook's rows for ``alliance`` by ``user``, into ``result``."""

    def __init__(self, alliance: Alliance, user, result: WorkbookResult) -> None:
        self.alliance, self.user, self.result = alliance, user, result
        members = alliance.member_organisations.active().select_related("organisation")
        self.organisations = {m.organisation.name.casefold(): m.organisation for m in members}
        self.all_organisations = {o.name.casefold(): o for o in Organisation.objects.all()}

    # --- machinery -------------------------------------------------------------------------

    def _problem(self, sheet: str, row: int, column: str | None, code: Code, found: str) -> None:
        error = InputError(sheet, code, line=row, column=column, params={"found": found})
        self.result.problems.append(problem_of(error))

    @contextlib.contextmanager
    def _row(self, sheet: str, row: int) -> Iterator[None]:
        """Run one row in a savepoint; a refusal becomes a problem of the row."""
        try:
            with transaction.atomic():
                yield
        except _Refused as refusal:
            self.result.problems.append(refused(sheet, row, refusal.column, refusal.error))
        except ValidationError as error:
            self.result.problems.append(refused(sheet, row, None, error))

    def _record(self, sheet: str, key: str, diffs: list[tuple[str, str, str]] | None) -> None:
        """None: created; an empty list: unchanged; else the changed cells."""
        if diffs is None:
            self.result.changes.append(Change(sheet, key, True))
        elif diffs:
            self.result.changes.append(Change(sheet, key, False, tuple(diffs)))
        else:
            self.result.unchanged[sheet] += 1

    @staticmethod
    def _diffs(columns: Sequence[fmt.Column], old: dict, new: dict) -> list[tuple[str, str, str]]:
        headers = _headers(columns)
        return [
            (headers[name].header, _word(headers[name], old[name]), _word(headers[name], value))
            for name, value in new.items()
            if old[name] != value
        ]

    @staticmethod
    def _check(column: str, check: Callable, *args) -> None:
        try:
            check(*args)
        except ValidationError as error:
            raise _Refused(column, error) from None

    # --- sheets ----------------------------------------------------------------------------

    def _guideline_map(self) -> dict[int, Guideline]:
        found: dict[int, Guideline] = {}
        for guideline in Guideline.objects.filter(alliance=self.alliance).order_by("pk"):
            found.setdefault(guideline.position, guideline)
        return found

    def guidelines(self, rows: Sequence[GuidelineRow]) -> None:
        stored = self._guideline_map()
        for row in rows:
            new = {"name": row.name, "text": row.text}
            with self._row(fmt.GUIDELINES_SHEET, row.line):
                guideline = stored.get(row.number)
                if guideline is None:
                    goal_services.create_guideline(self.alliance, row.name, row.text, row.number)
                    self._record(fmt.GUIDELINES_SHEET, str(row.number), None)
                    continue
                old = {"name": guideline.name, "text": guideline.text}
                diffs = self._diffs(fmt.GUIDELINES, old, new)
                if diffs:
                    goal_services.update_guideline(guideline, position=row.number, **new)
                self._record(fmt.GUIDELINES_SHEET, str(row.number), diffs)
        self.guideline_by_number = self._guideline_map()

    def _guideline(self, sheet: str, row: int, number: int) -> Guideline | None:
        guideline = self.guideline_by_number.get(number)
        if guideline is None:
            self._problem(sheet, row, "Leitlinie", Code.UNKNOWN_GUIDELINE, str(number))
        return guideline

    def goals(self, rows: Sequence[GoalRow]) -> None:
        stored = {g.code.casefold(): g for g in Goal.objects.filter(alliance=self.alliance)}
        for row in rows:
            guideline = self._guideline(fmt.GOALS_SHEET, row.line, row.guideline)
            if guideline is None:
                continue
            new = {name: getattr(row, name) for name in GOAL_FIELDS}
            with self._row(fmt.GOALS_SHEET, row.line):
                for name in ("target", "target_high"):
                    if new[name] is not None:
                        self._check(_headers(fmt.GOALS)[name].header, check_range, new[name],
                                    _("Der Zielwert"), -fmt.LARGEST, fmt.LARGEST)  # fmt: skip
                goal = stored.get(row.code.casefold())
                if goal is None:
                    goal_services.create_goal(guideline, code=row.code, **new)
                    self._record(fmt.GOALS_SHEET, row.code, None)
                    continue
                old = {name: getattr(goal, name) for name in GOAL_FIELDS}
                diffs = self._diffs(fmt.GOALS, old, new)
                if goal.guideline_id != guideline.pk:
                    diffs.insert(0, ("Leitlinie", str(goal.guideline.position), str(row.guideline)))
                if diffs:
                    goal_services.update_goal(goal, guideline, **new)
                self._record(fmt.GOALS_SHEET, row.code, diffs)

    def _organisation(self, sheet: str, row: int, column: str, name: str) -> Organisation | None:
        organisation = self.organisations.get(name.casefold())
        if organisation is None:
            self._problem(sheet, row, column, Code.UNKNOWN_ORGANISATION, name)
        return organisation

    def _measure_links(self, row: MeasureRow) -> dict | None:
        """The measure's guideline, action field, lead, partners and goals, or None (with a
        problem for each unknown one)."""
        sheet, line = fmt.MEASURES_SHEET, row.line
        links: dict = {"guideline": self._guideline(sheet, line, row.guideline)}
        links["lead"] = self._organisation(sheet, line, "Federführung", row.lead)
        links["partners"] = [self._organisation(sheet, line, "Partner", n) for n in row.partners]
        goals = {g.code.casefold(): g for g in Goal.objects.filter(alliance=self.alliance)}
        links["goals"] = []
        for code in row.goals:
            goal = goals.get(code.casefold())
            if goal is None:
                self._problem(sheet, line, "Ziele", Code.UNKNOWN_GOAL, code)
            links["goals"].append(goal)
        links["action_field"] = None
        if row.action_field:
            fields = ActionField.objects.filter(alliance=self.alliance)
            links["action_field"] = fields.filter(name__iexact=row.action_field).first()
            if links["action_field"] is None:
                self._problem(sheet, line, "Handlungsfeld", Code.UNKNOWN_ACTION_FIELD,
                              row.action_field)  # fmt: skip
                return None
        flat = [links["guideline"], links["lead"], *links["partners"], *links["goals"]]
        return None if any(item is None for item in flat) else links

    def measures(self, rows: Sequence[MeasureRow]) -> None:
        stored = {m.number: m for m in Measure.objects.filter(alliance=self.alliance)}
        for row in rows:
            links = self._measure_links(row)
            if links is None:
                continue
            with self._row(fmt.MEASURES_SHEET, row.line):
                self._measure(row, stored.get(row.number), links)

    def _measure_dates(self, row: MeasureRow, measure: Measure | None) -> None:
        for name, header in (("start", "Beginn"), ("end", "Ende")):
            value = getattr(row, name)
            if value is not None and (measure is None or getattr(measure, name) != value):
                self._check(header, check_date_near_today, value, header, DATE_YEARS)
        if row.cost_eur is not None:
            self._check("Kosten (EUR)", check_range, row.cost_eur, _("Die Kosten"), 0,
                        int(fmt.LARGEST))  # fmt: skip

    def _measure(self, row: MeasureRow, measure: Measure | None, links: dict) -> None:
        self._measure_dates(row, measure)
        new = {name: getattr(row, name) for name in MEASURE_FIELDS}
        parts = {name: links[name] for name in ("guideline", "lead", "action_field")}
        if measure is None:
            measure_services.create_measure(
                links["guideline"], self.user, partners=links["partners"], goals=links["goals"],
                number=row.number, status=row.status, progress=_progress(row), **new,
                lead=links["lead"], action_field=links["action_field"],
            )  # fmt: skip
            self._record(fmt.MEASURES_SHEET, str(row.number), None)
            return
        old = {name: getattr(measure, name) for name in MEASURE_FIELDS}
        diffs = self._diffs(fmt.MEASURES, old, new)
        for name, header in (("guideline", "Leitlinie"), ("lead", "Federführung"),
                             ("action_field", "Handlungsfeld")):  # fmt: skip
            if getattr(measure, f"{name}_id") != (parts[name].pk if parts[name] else None):
                diffs.append((header, shown(getattr(measure, name)), shown(parts[name])))
        for name, header, items in (("partners", "Partner", links["partners"]),
                                    ("goals", "Ziele", links["goals"])):  # fmt: skip
            before = set(getattr(measure, name).all())
            if before != set(items):
                diffs.append((header, shown(_names(before)), shown(_names(items))))
        if diffs:
            measure_services.update_measure(
                measure, self.user, measure.version, partners=links["partners"],
                goals=links["goals"], areas=list(measure.areas.all()), **new, **parts,
            )  # fmt: skip
        status = self._measure_status(row, measure)
        self._record(fmt.MEASURES_SHEET, str(row.number), diffs + status)

    def _measure_status(self, row: MeasureRow, measure: Measure) -> list[tuple[str, str, str]]:
        progress = _progress(row)
        if (measure.status, measure.progress) == (row.status, progress):
            return []
        try:
            measure_services.set_measure_status(
                measure,
                self.user,
                row.status,
                progress,
                note=in_site_language(gettext_noop("aus der Arbeitsmappe")),
            )
        except ValidationError as error:
            raise _Refused("Status", error) from None
        status = _headers(fmt.MEASURES)["status"]
        return [("Status", _word(status, measure.status), _word(status, row.status)),
                ("Fortschritt (%)", str(measure.progress), str(progress))]  # fmt: skip

    def milestones(self, rows: Sequence[MilestoneRow]) -> None:
        measures = {m.number: m for m in Measure.objects.filter(alliance=self.alliance)}
        stored = {
            (m.measure.number, m.title.casefold()): m
            for m in Milestone.objects.filter(measure__alliance=self.alliance)
            .select_related("measure")
            .order_by("pk")
        }
        for row in rows:
            measure = measures.get(row.measure)
            if measure is None:
                self._problem(fmt.MILESTONES_SHEET, row.line, "Maßnahme", Code.UNKNOWN_MEASURE,
                              str(row.measure))  # fmt: skip
                continue
            with self._row(fmt.MILESTONES_SHEET, row.line):
                self._milestone(row, measure, stored.get((row.measure, row.title.casefold())))

    def _milestone(self, row: MilestoneRow, measure: Measure, milestone: Milestone | None) -> None:
        key = f"{row.measure}: {row.title}"
        for name, header in (("due", "geplant bis"), ("reached_on", "erreicht am")):
            value = getattr(row, name)
            if value is not None and (milestone is None or getattr(milestone, name) != value):
                self._check(header, check_date_near_today, value, header, DATE_YEARS)
        if milestone is None:
            milestone = measure_services.add_milestone(measure, row.title, row.due, self.user)
            if row.reached_on:
                self._reach(milestone, row)
            self._record(fmt.MILESTONES_SHEET, key, None)
            return
        old = {"due": milestone.due, "reached_on": milestone.reached_on}
        new = {"due": row.due, "reached_on": row.reached_on}
        diffs = self._diffs(fmt.MILESTONES, old, new)
        if diffs and milestone.reached_on is None and row.reached_on and old["due"] == row.due:
            self._reach(milestone, row)
        elif diffs:
            milestone.due, milestone.reached_on = row.due, row.reached_on
            milestone.save(update_fields=["due", "reached_on"])
            note = in_site_language(
                gettext_noop("Meilenstein „%(title)s“ geändert (Arbeitsmappe): %(parts)s"),
                title=milestone.title,
                parts=", ".join(f"{h}: {a} → {b}" for h, a, b in diffs),
            )
            record_status(measure, self.user, note, progress=measure.progress)
        self._record(fmt.MILESTONES_SHEET, key, diffs)

    def _reach(self, milestone: Milestone, row: MilestoneRow) -> None:
        try:
            measure_services.reach_milestone(milestone, row.reached_on, self.user)
        except ValidationError as error:
            raise _Refused("erreicht am", error) from None

    def projects(self, rows: Sequence[ProjectRow]) -> None:
        stored = {
            p.name.casefold(): p for p in BuildingProject.objects.filter(alliance=self.alliance)
        }
        for row in rows:
            developer = None
            if row.developer:
                developer = self.all_organisations.get(row.developer.casefold())
                if developer is None:
                    self._problem(fmt.PROJECTS_SHEET, row.line, "Bauträger",
                                  Code.UNKNOWN_ORGANISATION, row.developer)  # fmt: skip
                    continue
            with self._row(fmt.PROJECTS_SHEET, row.line):
                self._project(row, stored.get(row.name.casefold()), developer)

    def _project(self, row: ProjectRow, project: BuildingProject | None, developer) -> None:
        new = {name: getattr(row, name) for name in PROJECT_FIELDS}
        today = timezone.localdate()
        if project is None:
            project = project_services.register_building_project(
                self.alliance, self.user, today, name=row.name, developer=developer, **new
            )
            self._advance(project, row.status, today)
            self._record(fmt.PROJECTS_SHEET, row.name, None)
            return
        old = {name: getattr(project, name) for name in PROJECT_FIELDS}
        diffs = self._diffs(fmt.PROJECTS, old, new)
        if project.developer_id != (developer.pk if developer else None):
            diffs.append(("Bauträger", shown(project.developer), shown(developer)))
        if diffs:
            project = project_services.update_building_project(
                project, self.user, project.version, developer=developer, **new
            )
        if project.status != row.status:
            status = _headers(fmt.PROJECTS)["status"]
            diffs.append(("Status", _word(status, project.status), _word(status, row.status)))
            self._advance(project, row.status, today)
        self._record(fmt.PROJECTS_SHEET, row.name, diffs)

    def _advance(self, project: BuildingProject, status: str, today) -> None:
        if project.status == status:
            return
        try:
            project_services.advance_building_project(project, self.user, status, today)
        except ValidationError as error:
            raise _Refused("Status", error) from None


def _progress(row: MeasureRow) -> int:
    return 100 if row.status == MeasureStatus.DONE else row.progress


def _names(items) -> list[str]:
    return [getattr(item, "code", None) or str(item) for item in items]
