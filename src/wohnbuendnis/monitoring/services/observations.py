"""Observations written one by one: a correction of a single value with its reason kept as
a revision, and figures the platform computes itself recorded for one area."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.monitoring.engine import MAX_MAGNITUDE
from wohnbuendnis.monitoring.models import Indicator, Observation, ObservationRevision, ValueRange
from wohnbuendnis.monitoring.queries import forget_barometer, within_alliance
from wohnbuendnis.monitoring.services.shared import _catalogue, _same


def check_value(indicator: Indicator, value: float) -> None:
    """A value the pages can show: finite, of a plausible size, in the indicator's range."""
    if not math.isfinite(value):
        raise ValidationError(_("Bitte geben Sie eine Zahl an."))
    if abs(value) > MAX_MAGNITUDE:
        raise ValidationError(
            _("Der Wert ist zu groß (höchstens %(limit)s).") % {"limit": f"{MAX_MAGNITUDE:g}"}
        )
    if indicator.value_range == ValueRange.NON_NEGATIVE and value < 0:
        raise ValidationError(_("Der Wert darf nicht negativ sein."))
    if indicator.value_range == ValueRange.PERCENT and not 0 <= value <= 100:
        raise ValidationError(_("Ein Anteil liegt zwischen 0 und 100 %."))


@transaction.atomic
def correct_observation(observation: Observation, value: float, reason: str, user) -> Observation:
    """Correct one value; the old value, who, when and why are kept as a revision."""
    observation = (
        Observation.objects.select_for_update().select_related("indicator").get(pk=observation.pk)
    )
    if not reason.strip():
        raise ValidationError(_("Bitte begründen Sie die Korrektur."))
    check_value(observation.indicator, value)
    if _same(observation.value, value):
        raise ValidationError(_("Der neue Wert ist gleich dem bisherigen."))
    ObservationRevision.objects.create(
        observation=observation,
        old_value=observation.value,
        new_value=value,
        reason=reason.strip(),
        changed_by=user,
    )
    observation.value, observation.recorded_by = value, user
    observation.save(update_fields=["value", "recorded_by", "recorded_at"])
    forget_barometer()
    return observation


@dataclass(frozen=True)
class Recorded:
    """What ``record_observations`` did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated


@transaction.atomic
def record_observations(
    alliance: Alliance, area: Area, values: Mapping[tuple[str, int], float], source: str, user
) -> Recorded:
    """Write figures the platform computes itself (e.g. from the action concept's building
    projects) as observations of one area: ``values`` maps (indicator key, year) → value.
    New keys are created with ``source`` as their provenance, changed values are updated with
    a revision naming the source, equal values are left alone – recording the same figures
    again changes nothing."""
    if not source.strip():
        raise ValidationError(_("Bitte nennen Sie die Quelle der Werte."))
    if not within_alliance(alliance, area):
        raise ValidationError(_("Das Gebiet gehört nicht zum Bündnis."))
    catalogue = _catalogue(alliance)
    unknown = sorted({key for key, _year in values} - set(catalogue))
    if unknown:
        raise ValidationError(_("Unbekannte Indikatoren: %(keys)s") % {"keys": ", ".join(unknown)})
    for (key, _year), value in values.items():
        check_value(catalogue[key], value)
    # One writer of an alliance's observations at a time (as for imports).
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    stored = {
        (o.indicator.key, o.year): o
        for o in Observation.objects.select_for_update()
        .select_related("indicator")
        .filter(area=area, indicator__key__in={k for k, _y in values})
    }
    forget_barometer()
    created = updated = unchanged = 0
    reason = in_site_language(gettext_noop("Übernahme aus: %(source)s"), source=source)
    for (key, year), value in sorted(values.items()):
        observation = stored.get((key, year))
        if observation is None:
            Observation.objects.create(
                indicator=catalogue[key],
                area=area,
                year=year,
                value=value,
                source=source,
                recorded_by=user,
            )
            created += 1
        elif _same(observation.value, value):
            unchanged += 1
        else:
            ObservationRevision.objects.create(
                observation=observation,
                old_value=observation.value,
                new_value=value,
                reason=reason,
                changed_by=user,
            )
            observation.value, observation.source, observation.recorded_by = value, source, user
            observation.save(update_fields=["value", "source", "recorded_by", "recorded_at"])
            updated += 1
    return Recorded(created, updated, unchanged)
