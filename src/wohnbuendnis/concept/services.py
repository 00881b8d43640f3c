"""State changes of the action concept; every entry point (view, admin, demo) calls these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.engine import period_results
from wohnbuendnis.concept.models import (
    BuildingProject,
    Commitment,
    CommitmentReport,
    CommitmentSignature,
    ConflictPosition,
    EvaluationPeriod,
    EvaluationStatus,
    Goal,
    GoalAssessment,
    GoalConflict,
    GoalKind,
    GoalMeasurement,
    GoalNature,
    Guideline,
    Measure,
    MeasureStatus,
    Milestone,
    ProjectStatus,
)
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.meetings.models import Resolution
from wohnbuendnis.monitoring import services as monitoring
from wohnbuendnis.monitoring.catalogue import PROJECTS
from wohnbuendnis.monitoring.queries import observed_values

# Which status may follow which; "umgesetzt" and "verworfen" are final.
MEASURE_TRANSITIONS: dict[str, set[str]] = {
    MeasureStatus.PLANNED: {
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.DEFERRED,
        MeasureStatus.DROPPED,
    },
    MeasureStatus.IN_PROGRESS: {MeasureStatus.DONE, MeasureStatus.DEFERRED, MeasureStatus.DROPPED},
    MeasureStatus.DEFERRED: {MeasureStatus.IN_PROGRESS, MeasureStatus.DROPPED},
    MeasureStatus.DONE: set(),
    MeasureStatus.DROPPED: set(),
}
PROJECT_ORDER = list(ProjectStatus.values)


@transaction.atomic
def create_guideline(alliance: Alliance, name: str, text: str = "") -> Guideline:
    position = Guideline.objects.filter(alliance=alliance).count() + 1
    return Guideline.objects.create(alliance=alliance, name=name, text=text, position=position)


@transaction.atomic
def create_goal(guideline: Guideline, **fields) -> Goal:
    """Create a goal; a quantitative goal needs an indicator and a target (a band also a top)."""
    goal = Goal(alliance=guideline.alliance, guideline=guideline, **fields)
    _check_goal(goal)
    goal.save()
    return goal


def _check_goal(goal: Goal) -> None:
    if goal.year_to < goal.year_from:
        raise ValidationError(_("Das Zieljahr liegt vor dem Anfangsjahr."))
    if goal.nature != GoalNature.QUANTITATIVE:
        return
    if not goal.indicator or goal.target is None:
        raise ValidationError(
            _("Ein quantitatives Ziel braucht einen Indikator und einen Zielwert.")
        )
    if goal.kind == GoalKind.BAND and (goal.target_high is None or goal.target_high < goal.target):
        raise ValidationError(_("Ein Korridor braucht eine Ober- über der Untergrenze."))


@transaction.atomic
def record_goal_measurement(
    goal: Goal, year: int, value: float, by, source: str = ""
) -> GoalMeasurement:
    """Enter (or correct) the actual value of a goal's indicator for a year."""
    if goal.nature != GoalNature.QUANTITATIVE:
        raise ValidationError(_("Nur quantitative Ziele haben Messwerte."))
    if not goal.year_from <= year <= goal.year_to:
        raise ValidationError(
            _("Das Jahr liegt außerhalb des Zielzeitraums %(a)s–%(b)s.")
            % {"a": goal.year_from, "b": goal.year_to}
        )
    measurement, _created = GoalMeasurement.objects.update_or_create(
        goal=goal, year=year, defaults={"value": value, "source": source, "recorded_by": by}
    )
    return measurement


@transaction.atomic
def create_conflict(
    alliance: Alliance,
    title: str,
    *,
    description: str = "",
    goals: list[Goal] = (),
    agreed_handling: str = "",
    positions: dict[Organisation, str] | None = None,
) -> GoalConflict:
    conflict = GoalConflict.objects.create(
        alliance=alliance, title=title, description=description, agreed_handling=agreed_handling
    )
    conflict.goals.set(goals)
    for organisation, text in (positions or {}).items():
        ConflictPosition.objects.create(conflict=conflict, organisation=organisation, position=text)
    return conflict


@transaction.atomic
def create_measure(
    guideline: Guideline,
    by,
    *,
    partners: list[Organisation] = (),
    goals: list[Goal] = (),
    **fields,
) -> Measure:
    measure = Measure.objects.create(alliance=guideline.alliance, guideline=guideline, **fields)
    measure.partners.set(partners)
    measure.goals.set(goals)
    record_status(measure, by, new=True, progress=measure.progress)
    return measure


@transaction.atomic
def set_measure_status(
    measure: Measure, by, status: str, progress: int | None = None, note: str = ""
) -> Measure:
    """Change status and/or progress; every change is a history row."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    progress = measure.progress if progress is None else progress
    if not 0 <= progress <= 100:
        raise ValidationError(_("Der Fortschritt liegt zwischen 0 und 100 %."))
    if status != measure.status and status not in MEASURE_TRANSITIONS[measure.status]:
        raise ValidationError(
            _("Von „%(a)s“ nach „%(b)s“ ist kein zulässiger Wechsel.")
            % {"a": measure.get_status_display(), "b": MeasureStatus(status).label}
        )
    if status == MeasureStatus.DONE:
        progress = 100
    if status == measure.status and progress == measure.progress:
        raise ValidationError(_("Es hat sich nichts geändert."))
    change_status(measure, status, by, note, history={"progress": progress}, progress=progress)
    return measure


@transaction.atomic
def add_milestone(measure: Measure, title: str, due: datetime.date) -> Milestone:
    return Milestone.objects.create(measure=measure, title=title, due=due)


@transaction.atomic
def reach_milestone(milestone: Milestone, on: datetime.date | None = None) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.reached_on:
        raise ValidationError(_("Der Meilenstein ist bereits erreicht."))
    milestone.reached_on = on or timezone.localdate()
    milestone.save(update_fields=["reached_on"])
    return milestone


@transaction.atomic
def adopt_commitment(
    alliance: Alliance, title: str, text: str, adopted_on: datetime.date
) -> Commitment:
    return Commitment.objects.create(
        alliance=alliance, title=title, text=text, adopted_on=adopted_on
    )


@transaction.atomic
def sign_commitment(
    commitment: Commitment, organisation: Organisation, signed_on: datetime.date, signed_by: str
) -> CommitmentSignature:
    if (
        not commitment.alliance.member_organisations.active(signed_on)
        .filter(organisation=organisation)
        .exists()
    ):
        raise ValidationError(
            _("%(org)s ist an diesem Tag kein Mitglied des Bündnisses.") % {"org": organisation}
        )
    if signed_on < commitment.adopted_on:
        raise ValidationError(_("Unterzeichnung vor dem Beschluss der Selbstverpflichtung."))
    if CommitmentSignature.objects.filter(
        commitment=commitment, organisation=organisation
    ).exists():
        raise ValidationError(_("%(org)s hat bereits unterzeichnet.") % {"org": organisation})
    return CommitmentSignature.objects.create(
        commitment=commitment, organisation=organisation, signed_on=signed_on, signed_by=signed_by
    )


@transaction.atomic
def report_commitment_progress(
    signature: CommitmentSignature, year: int, text: str, by
) -> CommitmentReport:
    """The signatory's statement for a year; a second one for the same year replaces it."""
    if year < signature.signed_on.year:
        raise ValidationError(_("Ein Bericht vor der Unterzeichnung ist nicht möglich."))
    if not text.strip():
        raise ValidationError(_("Bitte beschreiben Sie den Fortschritt."))
    report, _created = CommitmentReport.objects.update_or_create(
        signature=signature, year=year, defaults={"text": text, "reported_by": by}
    )
    return report


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


# --- evaluation periods ---------------------------------------------------------------------


@transaction.atomic
def open_evaluation(
    alliance: Alliance, by, *, title: str, year_from: int, year_to: int
) -> EvaluationPeriod:
    """Start an evaluation over some years: one (empty) assessment per goal of the concept."""
    if year_to < year_from:
        raise ValidationError(_("Das Ende des Zeitraums liegt vor seinem Beginn."))
    period = EvaluationPeriod.objects.create(
        alliance=alliance, title=title, year_from=year_from, year_to=year_to
    )
    record_status(period, by, new=True)
    GoalAssessment.objects.bulk_create(
        GoalAssessment(period=period, goal=goal) for goal in Goal.objects.filter(alliance=alliance)
    )
    return period


def _lock_open(period: EvaluationPeriod) -> EvaluationPeriod:
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == EvaluationStatus.FROZEN:
        raise ValidationError(
            _("Die Evaluation ist seit %(day)s festgeschrieben und lässt sich nicht mehr ändern.")
            % {"day": period.frozen_on.strftime("%d.%m.%Y")}
        )
    return period


@transaction.atomic
def assess_goal(period: EvaluationPeriod, goal: Goal, by, text: str) -> GoalAssessment:
    """The steering group's assessment of one goal; refused once the evaluation is frozen."""
    period = _lock_open(period)
    assessment, _created = GoalAssessment.objects.get_or_create(period=period, goal=goal)
    if goal.alliance_id != period.alliance_id:
        raise ValidationError(_("Das Ziel gehört zu einem anderen Bündnis."))
    assessment.text = text.strip()
    assessment.assessed_by = by
    assessment.assessed_at = timezone.now()
    assessment.save(update_fields=["text", "assessed_by", "assessed_at"])
    return assessment


FROZEN_FIELDS = ("year", "actual", "target", "result", "good", "actual_source", "actual_detail")


@transaction.atomic
def freeze_evaluation(
    period: EvaluationPeriod, by, on: datetime.date | None = None
) -> EvaluationPeriod:
    """Compute every quantitative goal's result for the period and keep it with the date:
    later measurements no longer change a frozen evaluation, and nobody edits it."""
    period = _lock_open(period)
    goals = Goal.objects.filter(alliance=period.alliance).prefetch_related("measurements")
    results = period_results(goals, period.year_from, period.year_to)
    missing = goals.exclude(assessments__period=period)
    GoalAssessment.objects.bulk_create(GoalAssessment(period=period, goal=g) for g in missing)
    for assessment in period.assessments.select_for_update():
        if assessment.goal_id not in results:
            continue
        row, actual = results[assessment.goal_id]
        assessment.year, assessment.actual = row.year, row.actual
        assessment.target, assessment.result = row.target, str(row.result)
        assessment.good = row.good
        assessment.actual_source, assessment.actual_detail = actual.source, actual.detail[:300]
        assessment.save(update_fields=FROZEN_FIELDS)
    change_status(period, EvaluationStatus.FROZEN, by, frozen_on=on or timezone.localdate())
    return period


def apply_resolution_to_measure(
    resolution: Resolution, measure: Measure, by, status: str, progress: int | None = None
) -> Measure:
    """Set a measure's status (and progress) as a body's resolution decided; the history row's
    note cites the resolution. (concept sits above meetings: a resolution may move a measure,
    the meetings never reach into the concept.)"""
    meeting = resolution.meeting
    if measure.alliance_id != meeting.body.alliance_id:
        raise ValidationError(_("Die Maßnahme gehört zu einem anderen Bündnis."))
    note = _("Beschluss %(number)s (%(body)s, %(day)s)") % {
        "number": resolution.number,
        "body": meeting.body,
        "day": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
    }
    return set_measure_status(measure, by, status, progress, note=note)
