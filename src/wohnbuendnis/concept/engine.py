"""Goal results with the evaluation engine (analytics.evaluation, spec/monitoring.md), and the
concept workbook's reader and writer (analytics.io.concept_workbook*, re-exported here: the
concept reaches analytics only through this module)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from wohnbuendnis.analytics.evaluation import (
    Direction,
    Evaluation,
    Kind,
    Result,
    Target,
    evaluate_goal,
)
from wohnbuendnis.analytics.io import concept_workbook as workbook_io
from wohnbuendnis.analytics.io import concept_workbook_format as workbook_format
from wohnbuendnis.analytics.io.concept_workbook_writer import write_concept_workbook
from wohnbuendnis.analytics.io.errors import Code, InputError
from wohnbuendnis.concept.models import Goal, GoalKind, GoalNature
from wohnbuendnis.monitoring.queries.regional import goal_values

__all__ = [
    "Code",
    "InputError",
    "workbook_format",
    "workbook_io",
    "write_concept_workbook",
]

RESULT_LABELS = {
    Result.UNTER: "Zielunterschreitung",
    Result.ERREICHT: "Ziel erreicht",
    Result.UEBER: "Zielüberschreitung",
    Result.IM_KORRIDOR: "im Zielkorridor",
}


class ValueSource(StrEnum):
    """Where a goal's actual value of a year comes from."""

    MONITORING = "monitoring"
    MANUAL = "manuell"


SOURCE_LABELS = {
    ValueSource.MONITORING: _("Monitoring"),
    ValueSource.MANUAL: _("manuell erfasst"),
}


@dataclass(frozen=True)
class Actual:
    value: float
    source: ValueSource
    detail: str = ""  # the observation's or the measurement's own source text

    @property
    def text(self) -> str:
        return source_text(self.source, self.detail)


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    rows: list[Evaluation]
    actuals: dict[int, Actual] = field(default_factory=dict)

    @property
    def latest(self) -> Evaluation | None:
        return self.rows[-1] if self.rows else None

    @property
    def entries(self) -> list[tuple[Evaluation, Actual | None]]:
        """Each row with where its actual value came from (a cumulative row: its year's)."""
        return [(row, self.actuals.get(row.year)) for row in self.rows]


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


def _entered(goal: Goal, released: bool) -> dict[int, Actual]:
    """The values entered by hand: as entered, or (``released``) as last released for the
    public pages (a value never released is left out)."""
    if not released:
        return {
            m.year: Actual(m.value, ValueSource.MANUAL, m.source) for m in goal.measurements.all()
        }
    return {
        m.year: Actual(m.released_value, ValueSource.MANUAL, m.released_source)
        for m in goal.measurements.all()
        if m.released_value is not None
    }


def actual_values(goals, released: bool = False) -> dict[int, dict[int, Actual]]:
    """goal id → year → actual value. A goal that names an indicator and an area takes the
    monitoring observations of that indicator and area; the values entered by hand
    (``measurements``, best prefetched; ``released``: the released ones) fill the years
    without an observation. A goal on a Kreis or a Land with a count indicator takes, in
    the years without a value of its own, the sum of the municipalities below it, named
    with how many of them report (``monitoring.queries.regional.goal_values``)."""
    goals = list(goals)
    observed, summed = goal_values((g.indicator, g.area_id) for g in goals if g.area_id)
    result = {}
    for goal in goals:
        values = _entered(goal, released)
        for year, s in summed.get((goal.indicator, goal.area_id), {}).items():
            detail = _("Summe der Gemeinden: %(n)s von %(m)s melden") % {
                "n": s.reporting,
                "m": s.municipalities,
            }
            values[year] = Actual(s.value, ValueSource.MONITORING, str(detail))
        for year, (value, source) in observed.get((goal.indicator, goal.area_id), {}).items():
            values[year] = Actual(value, ValueSource.MONITORING, source)
        result[goal.pk] = values
    return result


def evaluate(goals, released: bool = False) -> list[GoalResult]:
    """One result per quantitative goal, from its actual values (see ``actual_values``;
    ``released``: the public pages' values)."""
    goals = [g for g in goals if g.nature == GoalNature.QUANTITATIVE and g.target is not None]
    actuals = actual_values(goals, released)
    results = []
    for goal in goals:
        values = actuals[goal.pk]
        rows = evaluate_goal(target_of(goal), {year: a.value for year, a in values.items()})
        results.append(GoalResult(goal, rows, values))
    return results


def period_results(goals, year_from: int, year_to: int) -> dict[int, tuple[Evaluation, Actual]]:
    """Each quantitative goal's latest result within the years of an evaluation period, with
    the actual value of that year and where it came from (goal id → (row, actual); goals
    without an actual value in those years are missing)."""
    latest = {}
    for result in evaluate(goals):
        rows = [row for row in result.rows if year_from <= row.year <= year_to]
        if rows and rows[-1].year in result.actuals:
            latest[result.goal.pk] = (rows[-1], result.actuals[rows[-1].year])
    return latest


def source_text(source: str, detail: str) -> str:
    """``Monitoring (Statistikamt)``: the kind of source of an actual value and its own
    source text, as shown in the goal matrix."""
    if not source:
        return ""
    label = str(SOURCE_LABELS[ValueSource(source)])
    return f"{label} ({detail})" if detail else label
