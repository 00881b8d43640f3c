"""Evaluation periods: assessments of the goals, frozen with their results."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept.engine import period_results
from wohnbuendnis.concept.models import (
    EvaluationPeriod,
    EvaluationStatus,
    Goal,
    GoalAssessment,
)
from wohnbuendnis.lib.history import change_status, record_status


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
def assess_goals(
    period: EvaluationPeriod,
    by,
    texts: Mapping[int, str],
    *,
    shown: Mapping[int, str] | None = None,
) -> list[GoalAssessment]:
    """The steering group's assessments of several goals (goal id → text), saved together:
    all of them or, when one is refused, none. Refused entirely once the evaluation is frozen.

    ``shown`` (goal id → the text the form showed) guards against a silent overwrite: when
    somebody else saved a goal's assessment since the form was opened, the whole save is
    refused and names the goal, so nobody's text is lost. Only texts that differ from the
    stored one are written (and get the author and the time)."""
    period = _lock_open(period)
    wanted = {int(goal_id): text.strip() for goal_id, text in texts.items()}
    goals = Goal.objects.filter(pk__in=wanted).only("alliance_id")
    if any(goal.alliance_id != period.alliance_id for goal in goals) or len(goals) != len(wanted):
        raise ValidationError(_("Das Ziel gehört zu einem anderen Bündnis."))
    missing = set(wanted) - set(period.assessments.values_list("goal_id", flat=True))
    GoalAssessment.objects.bulk_create(GoalAssessment(period=period, goal_id=g) for g in missing)
    assessments = period.assessments.select_for_update().filter(goal_id__in=wanted)
    assessments = list(assessments.select_related("goal"))
    if shown is not None:
        changed = [
            a.goal.code
            for a in assessments
            if a.goal_id in shown
            and a.text != shown[a.goal_id].strip()
            and a.text != wanted[a.goal_id]
        ]
        if changed:
            raise ValidationError(
                _(
                    "Inzwischen hat jemand anderes die Bewertung von %(goals)s gespeichert. "
                    "Nichts ist gespeichert; Ihre Eingaben stehen noch im Formular. Bitte "
                    "übernehmen Sie die neue Fassung (Seite neu laden) und ergänzen Sie sie."
                )
                % {"goals": ", ".join(sorted(changed))}
            )
    now, saved = timezone.now(), []
    for assessment in assessments:
        if assessment.text == wanted[assessment.goal_id]:
            continue
        assessment.text = wanted[assessment.goal_id]
        assessment.assessed_by, assessment.assessed_at = by, now
        assessment.save(update_fields=["text", "assessed_by", "assessed_at"])
        saved.append(assessment)
    return saved


def assess_goal(period: EvaluationPeriod, goal: Goal, by, text: str) -> GoalAssessment:
    """The steering group's assessment of one goal; refused once the evaluation is frozen."""
    assess_goals(period, by, {goal.pk: text})
    return GoalAssessment.objects.get(period=period, goal=goal)


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
