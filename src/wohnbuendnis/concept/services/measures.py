"""Action fields, measures (status with history, milestones) and a resolution moving a
measure."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import (
    ActionField,
    ActionFieldKind,
    Goal,
    Guideline,
    Measure,
    MeasureStatus,
    Milestone,
)
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language, joined
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


def _check_action_field(field: ActionField) -> None:
    field.name = (field.name or "").strip()
    if not field.name:
        raise ValidationError(_("Bitte geben Sie dem Handlungsfeld einen Namen."))
    if field.kind not in ActionFieldKind.values:
        raise ValidationError(_("Bitte wählen Sie die Art des Handlungsfelds."))


@transaction.atomic
def create_action_field(
    alliance: Alliance, kind: str, name: str, position: int | None = None
) -> ActionField:
    """A new action field (target-group, market or quarter measures, guide ch. 4); without a
    position it comes last."""
    if position is None:
        position = ActionField.objects.filter(alliance=alliance).count() + 1
    field = ActionField(alliance=alliance, kind=kind, name=name, position=position)
    _check_action_field(field)
    field.save()
    return field


@transaction.atomic
def update_action_field(field: ActionField, *, kind: str, name: str, position: int) -> ActionField:
    field = ActionField.objects.select_for_update().get(pk=field.pk)
    field.kind, field.name, field.position = kind, name, position
    _check_action_field(field)
    field.save(update_fields=["kind", "name", "position"])
    return field


def _number_taken(number: int) -> ValidationError:
    return ValidationError(
        _("Die Nummer %(number)s hat im Bündnis schon eine andere Maßnahme.") % {"number": number}
    )


def _check_measure(measure: Measure, partners, goals, areas) -> None:
    """Refuse a measure whose number is taken or whose parts belong elsewhere."""
    alliance = measure.alliance
    measure.title = (measure.title or "").strip()
    if not measure.title:
        raise ValidationError(_("Bitte geben Sie der Maßnahme einen Titel."))
    if not measure.number or measure.number < 1:
        raise ValidationError(_("Bitte geben Sie eine Nummer ab 1 an."))
    taken = Measure.objects.filter(alliance=alliance, number=measure.number)
    if taken.exclude(pk=measure.pk).exists():
        raise _number_taken(measure.number)
    if measure.cost_eur is not None and measure.cost_eur < 0:
        raise ValidationError(_("Die Kosten können nicht negativ sein."))
    if measure.start and measure.end and measure.end < measure.start:
        raise ValidationError(_("Das Ende des Zeitraums liegt vor seinem Beginn."))
    _check_measure_parts(measure, partners, goals, areas)


def _check_measure_parts(measure: Measure, partners, goals, areas) -> None:
    """Refuse a guideline, action field, body, organisation, goal or area of another alliance."""
    alliance = measure.alliance
    if measure.guideline.alliance_id != alliance.pk:
        raise ValidationError(_("Die Leitlinie gehört zu einem anderen Bündnis."))
    if measure.action_field is not None and measure.action_field.alliance_id != alliance.pk:
        raise ValidationError(_("Das Handlungsfeld gehört zu einem anderen Bündnis."))
    if measure.body is not None and measure.body.alliance_id != alliance.pk:
        raise ValidationError(_("Das Gremium gehört zu einem anderen Bündnis."))
    members = set(alliance.member_organisations.active().values_list("organisation_id", flat=True))
    outside = [o for o in [measure.lead, *partners] if o.pk not in members]
    if outside:
        raise ValidationError(
            _("Kein Mitglied des Bündnisses: %(orgs)s.")
            % {"orgs": ", ".join(str(o) for o in outside)}
        )
    if any(goal.alliance_id != alliance.pk for goal in goals):
        raise ValidationError(_("Ein Ziel gehört zu einem anderen Bündnis."))
    inside = set(queries.area_ids(alliance))
    if any(area.pk not in inside for area in areas):
        raise ValidationError(_("Ein Gebiet liegt außerhalb des Bündnisses."))


def _save_number(measure: Measure, **kwargs) -> None:
    """Save; two coordinators taking the same number at once: the second gets the message."""
    try:
        with transaction.atomic():
            measure.save(**kwargs)
    except IntegrityError as error:
        if "measure_number_unique" not in str(error):
            raise
        raise _number_taken(measure.number) from error


@transaction.atomic
def create_measure(
    guideline: Guideline,
    by,
    *,
    partners: list[Organisation] = (),
    goals: list[Goal] = (),
    areas: list[Area] = (),
    **fields,
) -> Measure:
    """A new measure (status geplant, its first history row); no areas means city-wide."""
    measure = Measure(alliance=guideline.alliance, guideline=guideline, **fields)
    _check_measure(measure, partners, goals, areas)
    _save_number(measure)
    measure.partners.set(partners)
    measure.goals.set(goals)
    measure.areas.set(areas)
    record_status(measure, by, new=True, progress=measure.progress)
    return measure


# What update_measure may change (status and progress go through set_measure_status).
MEASURE_FIELDS = (
    "number", "title", "description", "guideline", "action_field", "lead", "body", "cost_eur",
    "funding", "start", "end", "priority", "pros", "cons",
)  # fmt: skip


def _stale(measure: Measure, version: int) -> None:
    if version != measure.version:
        raise ValidationError(
            _(
                "Die Maßnahme wurde inzwischen von jemand anderem geändert. Ihre Eingaben sind "
                "nicht gespeichert, stehen aber noch im Formular: bitte laden Sie die Maßnahme "
                "in einem neuen Fenster, vergleichen Sie und speichern Sie erneut."
            ),
            code="stale",
        )


@transaction.atomic
def update_measure(
    measure: Measure,
    by,
    version: int,
    *,
    partners: list[Organisation],
    goals: list[Goal],
    areas: list[Area],
    **fields,
) -> Measure:
    """Change a measure's description, responsibilities, cost, period and links, as seen at
    ``version``: a save based on an older version is refused (nothing silently overwritten).
    The history gets a row naming the changed parts."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _stale(measure, version)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = [  # lazy names: the note names them in the site's language
        Measure._meta.get_field(name).verbose_name
        for name, value in fields.items()
        if getattr(measure, name) != value
    ]
    for name, value in fields.items():
        setattr(measure, name, value)
    _check_measure(measure, partners, goals, areas)
    for name, wanted, label in (
        ("partners", partners, gettext_lazy("Partner")),
        ("goals", goals, gettext_lazy("Ziele")),
        ("areas", areas, gettext_lazy("Gebietsbezug")),
    ):
        if {o.pk for o in getattr(measure, name).all()} != {o.pk for o in wanted}:
            changed.append(label)
            getattr(measure, name).set(wanted)
    if not changed:
        raise ValidationError(_("Es hat sich nichts geändert."))
    measure.version += 1
    _save_number(measure)
    record_status(
        measure,
        by,
        in_site_language(gettext_noop("Angaben geändert: %(parts)s"), parts=joined(changed)),
        progress=measure.progress,
    )
    return measure


@transaction.atomic
def link_measure_goals(measure: Measure, goals: list[Goal], by) -> Measure:
    """Link the goals a measure serves (replacing the earlier links), with a history row."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if any(goal.alliance_id != measure.alliance_id for goal in goals):
        raise ValidationError(_("Ein Ziel gehört zu einem anderen Bündnis."))
    measure.goals.set(goals)
    measure.version += 1
    measure.save(update_fields=["version"])
    codes = ", ".join(sorted(g.code for g in goals)) or "–"
    record_status(
        measure,
        by,
        in_site_language(gettext_noop("Ziele: %(codes)s"), codes=codes),
        progress=measure.progress,
    )
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
def add_milestone(measure: Measure, title: str, due: datetime.date, by=None) -> Milestone:
    """A milestone of a measure, with a note in the measure's history."""
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Bitte benennen Sie den Meilenstein."))
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.start and due < measure.start:
        raise ValidationError(_("Der Meilenstein liegt vor dem Beginn der Maßnahme."))
    milestone = Milestone.objects.create(measure=measure, title=title, due=due)
    note = in_site_language(
        gettext_noop("Meilenstein „%(title)s“ bis %(due)s geplant"),
        title=title,
        due=due.strftime("%d.%m.%Y"),
    )
    record_status(measure, by, note, progress=measure.progress)
    return milestone


@transaction.atomic
def reach_milestone(milestone: Milestone, on: datetime.date | None = None, by=None) -> Milestone:
    """Mark a milestone reached (not in the future), with a note in the measure's history."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.reached_on:
        raise ValidationError(_("Der Meilenstein ist bereits erreicht."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("Ein Meilenstein ist erst erreicht, wenn er erreicht ist."))
    milestone.reached_on = on
    milestone.save(update_fields=["reached_on"])
    note = in_site_language(
        gettext_noop("Meilenstein „%(title)s“ erreicht am %(day)s"),
        title=milestone.title,
        day=on.strftime("%d.%m.%Y"),
    )
    record_status(milestone.measure, by, note, progress=milestone.measure.progress)
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
    note = in_site_language(
        gettext_noop("Beschluss %(number)s (%(body)s, %(day)s)"),
        number=resolution.number,
        body=meeting.body,
        day=timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
    )
    return set_measure_status(measure, by, status, progress, note=note)
