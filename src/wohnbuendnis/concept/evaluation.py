"""Goal results with the evaluation engine (analytics.evaluation, spec/monitoring.md)."""

from __future__ import annotations

from dataclasses import dataclass

from wohnbuendnis.analytics.evaluation import (
    Direction,
    Evaluation,
    Kind,
    Result,
    Target,
    evaluate_goal,
)
from wohnbuendnis.concept.models import Goal, GoalKind, GoalNature

RESULT_LABELS = {
    Result.UNTER: "Zielunterschreitung",
    Result.ERREICHT: "Ziel erreicht",
    Result.UEBER: "Zielüberschreitung",
    Result.IM_KORRIDOR: "im Zielkorridor",
}


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    rows: list[Evaluation]

    @property
    def latest(self) -> Evaluation | None:
        return self.rows[-1] if self.rows else None


def target_of(goal: Goal) -> Target:
    """The engine's Target of a quantitative goal (band: ``target`` low, ``target_high`` high)."""
    return Target(
        goal=goal.code,
        indicator=goal.indicator,
        area=str(goal.area_id or ""),
        year_from=goal.year_from,
        year_to=goal.year_to,
        target=float(goal.target),
        kind=Kind(goal.kind),
        direction=Direction(goal.direction),
        tolerance=goal.tolerance,
        high=goal.target_high if goal.kind == GoalKind.BAND else None,
    )


def evaluate(goals) -> list[GoalResult]:
    """One result per quantitative goal, from its measurements (prefetched as ``measurements``)."""
    results = []
    for goal in goals:
        if goal.nature != GoalNature.QUANTITATIVE or goal.target is None:
            continue
        actuals = {m.year: m.value for m in goal.measurements.all()}
        results.append(GoalResult(goal, evaluate_goal(target_of(goal), actuals)))
    return results


def period_results(goals, year_from: int, year_to: int) -> dict[int, Evaluation]:
    """Each quantitative goal's latest result within the years of an evaluation period
    (goal id → row; goals without an actual value in those years are missing)."""
    latest = {}
    for result in evaluate(goals):
        rows = [row for row in result.rows if year_from <= row.year <= year_to]
        if rows:
            latest[result.goal.pk] = rows[-1]
    return latest
