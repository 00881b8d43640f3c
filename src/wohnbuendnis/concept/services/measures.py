"""Action fields, measures (status with history, milestones) and a resolution moving a
measure."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.concept.models import (
    Goal,
    Guideline,
    Measure,
    MeasureStatus,
    Milestone,
)
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.meetings.models import Resolution

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
