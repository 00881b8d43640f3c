"""Guidelines, goals, their yearly actual values, and goal conflicts with the organisations'
positions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models import (
    ConflictPosition,
    Goal,
    GoalConflict,
    GoalKind,
    GoalMeasurement,
    GoalNature,
    Guideline,
)


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
