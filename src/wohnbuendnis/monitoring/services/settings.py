"""Settings of the monitoring: an alliance's traffic-light thresholds and the make-up of its
small-area index (earlier versions kept), and the texts and flags of catalogue entries."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.monitoring.models import IndexSettings, Indicator, Threshold
from wohnbuendnis.monitoring.services.shared import _catalogue, _same


@transaction.atomic
def set_threshold(
    alliance: Alliance, indicator: Indicator, green: float, red: float, user, note: str = ""
) -> Threshold:
    """Set the alliance's traffic-light bounds of an indicator (see ``Threshold``)."""
    if _same(green, red):
        raise ValidationError(_("Die Grenzen für grün und rot müssen sich unterscheiden."))
    threshold = (
        Threshold.objects.select_for_update().filter(alliance=alliance, indicator=indicator).first()
    )
    if threshold is None:
        threshold = Threshold(alliance=alliance, indicator=indicator)
    threshold.green, threshold.red, threshold.note, threshold.changed_by = green, red, note, user
    threshold.save()
    return threshold


MAX_LAG = 10


@transaction.atomic
def set_index_settings(
    alliance: Alliance, indicators: list[str], dynamics_lag: int, min_population: int, user
) -> IndexSettings:
    """Set which indicators the alliance's small-area index combines, the lag of its dynamics
    and the minimum population of a scored area; the earlier settings stay as history."""
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    catalogue = _catalogue(alliance)
    if not indicators:
        raise ValidationError(_("Bitte wählen Sie mindestens einen Indikator."))
    if len(set(indicators)) != len(indicators) or any(k not in catalogue for k in indicators):
        raise ValidationError(_("Bitte wählen Sie Indikatoren des Katalogs, jeden nur einmal."))
    if not 1 <= dynamics_lag <= MAX_LAG:
        raise ValidationError(
            _("Der Abstand der Dynamik liegt zwischen 1 und %(max)d Jahren.") % {"max": MAX_LAG}
        )
    if min_population < 0:
        raise ValidationError(_("Die Mindestzahl der Einwohner darf nicht negativ sein."))
    return IndexSettings.objects.create(
        alliance=alliance,
        indicators=list(indicators),
        dynamics_lag=dynamics_lag,
        min_population=min_population,
        changed_by=user,
    )


@transaction.atomic
def update_indicator(indicator: Indicator, changes: Mapping[str, object], user) -> Indicator:
    """Edit the texts and flags of a catalogue entry (key and aggregation stay fixed)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    allowed = {"name", "definition", "unit", "source", "reading_aid", "direction", "is_public"}
    for name, value in changes.items():
        if name not in allowed:
            raise ValidationError(_("Dieses Feld kann nicht geändert werden."))
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator
