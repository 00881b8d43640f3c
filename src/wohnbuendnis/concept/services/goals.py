"""Guidelines, goals, their yearly actual values, and goal conflicts with the organisations'
positions."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import (
    ConflictPosition,
    Goal,
    GoalConflict,
    GoalKind,
    GoalMeasurement,
    GoalNature,
    Guideline,
)
from wohnbuendnis.monitoring.models import Indicator

# A goal's horizon: its years lie in this range and span at most this many years.
FIRST_YEAR, LAST_YEAR, MAX_SPAN = 1990, 2100, 30


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


def _check_guideline(guideline: Guideline) -> None:
    guideline.name = _required(guideline.name, _("Bitte geben Sie der Leitlinie einen Namen."))
    taken = Guideline.objects.filter(alliance=guideline.alliance_id, name__iexact=guideline.name)
    if taken.exclude(pk=guideline.pk).exists():
        raise ValidationError(
            _("Eine Leitlinie „%(name)s“ gibt es schon.") % {"name": guideline.name}
        )


@transaction.atomic
def create_guideline(
    alliance: Alliance, name: str, text: str = "", position: int | None = None
) -> Guideline:
    """A new guideline; without a position it comes last."""
    if position is None:
        position = Guideline.objects.filter(alliance=alliance).count() + 1
    guideline = Guideline(alliance=alliance, name=name, text=text.strip(), position=position)
    _check_guideline(guideline)
    guideline.save()
    return guideline


@transaction.atomic
def update_guideline(guideline: Guideline, *, name: str, text: str, position: int) -> Guideline:
    guideline = Guideline.objects.select_for_update().get(pk=guideline.pk)
    guideline.name, guideline.text, guideline.position = name, text.strip(), position
    _check_guideline(guideline)
    guideline.save(update_fields=["name", "text", "position"])
    return guideline


@transaction.atomic
def create_goal(guideline: Guideline, **fields) -> Goal:
    """Create a goal; a quantitative goal needs an indicator and a target (a band also a top)."""
    goal = Goal(alliance=guideline.alliance, guideline=guideline, **fields)
    _check_goal(goal)
    goal.save()
    return goal


@transaction.atomic
def update_goal(goal: Goal, guideline: Guideline, **fields) -> Goal:
    """Change a goal's text, indicator, target, horizon, target group, area or priority."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if guideline.alliance_id != goal.alliance_id:
        raise ValidationError(_("Die Leitlinie gehört zu einem anderen Bündnis."))
    goal.guideline = guideline
    for name, value in fields.items():
        setattr(goal, name, value)
    _check_goal(goal)
    goal.save()
    return goal


def _check_horizon(goal: Goal) -> None:
    if not (FIRST_YEAR <= goal.year_from <= LAST_YEAR and FIRST_YEAR <= goal.year_to <= LAST_YEAR):
        raise ValidationError(
            _("Die Jahre eines Ziels liegen zwischen %(a)s und %(b)s.")
            % {"a": FIRST_YEAR, "b": LAST_YEAR}
        )
    if goal.year_to < goal.year_from:
        raise ValidationError(_("Das Zieljahr liegt vor dem Anfangsjahr."))
    if goal.year_to - goal.year_from > MAX_SPAN:
        raise ValidationError(
            _("Ein Zielhorizont reicht höchstens %(n)s Jahre weit.") % {"n": MAX_SPAN}
        )


def _check_goal(goal: Goal) -> None:
    goal.code = _required(goal.code, _("Bitte geben Sie dem Ziel eine Nummer."))
    goal.title = _required(goal.title, _("Bitte formulieren Sie das Ziel."))
    taken = Goal.objects.filter(alliance=goal.alliance_id, code__iexact=goal.code)
    if taken.exclude(pk=goal.pk).exists():
        raise ValidationError(
            _("Die Nummer %(code)s hat schon ein anderes Ziel.") % {"code": goal.code}
        )
    _check_horizon(goal)
    if goal.area_id is not None and goal.area_id not in queries.area_ids(goal.alliance):
        raise ValidationError(_("Das Gebiet liegt außerhalb des Bündnisses."))
    for value in (goal.target, goal.target_high, goal.tolerance):
        if value is not None and not math.isfinite(value):
            raise ValidationError(_("Bitte geben Sie eine endliche Zahl als Zielwert an."))
    if goal.indicator and (
        Indicator.objects.filter(key=goal.indicator, alliance__isnull=False)
        .exclude(alliance=goal.alliance_id)
        .exists()
    ):
        raise ValidationError(_("Der Indikator gehört zu einem anderen Bündnis."))
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


def _check_conflict(conflict: GoalConflict, goals) -> None:
    conflict.title = _required(conflict.title, _("Bitte benennen Sie den Zielkonflikt."))
    if any(goal.alliance_id != conflict.alliance_id for goal in goals):
        raise ValidationError(_("Ein Ziel gehört zu einem anderen Bündnis."))


@transaction.atomic
def create_conflict(
    alliance: Alliance,
    title: str,
    *,
    description: str = "",
    goals: list[Goal] = (),
    agreed_handling: str = "",
    positions: dict[Organisation, str] | None = None,
    by=None,
) -> GoalConflict:
    conflict = GoalConflict(
        alliance=alliance, title=title, description=description, agreed_handling=agreed_handling
    )
    _check_conflict(conflict, goals)
    conflict.save()
    conflict.goals.set(goals)
    for organisation, text in (positions or {}).items():
        enter_conflict_position(conflict, organisation, text, by)
    return conflict


@transaction.atomic
def update_conflict(
    conflict: GoalConflict,
    *,
    title: str,
    description: str,
    goals: list[Goal],
    agreed_handling: str,
) -> GoalConflict:
    """Koordination edits the conflict and records the handling the alliance agreed on."""
    conflict = GoalConflict.objects.select_for_update().get(pk=conflict.pk)
    conflict.title, conflict.description = title, description.strip()
    conflict.agreed_handling = agreed_handling.strip()
    _check_conflict(conflict, goals)
    conflict.save(update_fields=["title", "description", "agreed_handling"])
    conflict.goals.set(goals)
    return conflict


@transaction.atomic
def enter_conflict_position(
    conflict: GoalConflict, organisation: Organisation, text: str, by
) -> ConflictPosition:
    """An organisation's position on a conflict (entered by its representative); entering it
    again replaces the organisation's earlier wording, with who and when."""
    text = _required(text, _("Bitte formulieren Sie die Position Ihrer Organisation."))
    if (
        not conflict.alliance.member_organisations.active()
        .filter(organisation=organisation)
        .exists()
    ):
        raise ValidationError(
            _("%(org)s ist kein Mitglied des Bündnisses.") % {"org": organisation}
        )
    position, _created = ConflictPosition.objects.update_or_create(
        conflict=conflict,
        organisation=organisation,
        defaults={"position": text, "entered_by": by, "entered_at": timezone.now()},
    )
    return position
