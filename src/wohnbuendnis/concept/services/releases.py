"""Releasing changes for the public pages: a measure's status and progress and a goal's
actual value are public only once Koordination releases them (issue 12, item 8)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import GoalMeasurement, Measure, Release, ReleaseKind


def _parse(keys: list[str]) -> dict[tuple[str, int], str]:
    """(kind, id) → the state key shown on the release page (``queries.state_key``)."""
    wanted = {}
    for key in keys:
        kind, _sep, rest = key.partition("-")
        pk, _sep, _digest = rest.partition("-")
        if kind not in ReleaseKind.values or not pk.isdigit():
            raise ValidationError(_("Unbekannter Eintrag zur Freigabe."))
        wanted[kind, int(pk)] = key
    return wanted


def _changed() -> ValidationError:
    return ValidationError(
        _(
            "Ein Eintrag wurde geändert, nachdem die Seite angezeigt wurde. Es ist nichts "
            "freigegeben: bitte prüfen Sie die neue Liste und geben Sie erneut frei."
        ),
        code="stale",
    )


def _release_measure(measure: Measure, key: str, by) -> Release | None:
    if measure.released_status == measure.status and measure.released_progress == (
        measure.progress
    ):
        return None  # released already (a second post of the same form)
    if key != queries.state_key(ReleaseKind.MEASURE, measure.pk, queries.measure_state(measure)):
        raise _changed()
    old = queries.measure_text(measure.released_status, measure.released_progress)
    measure.released_status, measure.released_progress = measure.status, measure.progress
    measure.save(update_fields=["released_status", "released_progress"])
    return Release(
        alliance_id=measure.alliance_id,
        kind=ReleaseKind.MEASURE,
        measure=measure,
        old=old[:300],
        new=queries.measure_text(measure.status, measure.progress)[:300],
        by=by,
    )


def _release_measurement(measurement: GoalMeasurement, key: str, by) -> Release | None:
    if (measurement.released_value, measurement.released_source) == (
        measurement.value,
        measurement.source,
    ):
        return None
    state = queries.measurement_state(measurement)
    if key != queries.state_key(ReleaseKind.MEASUREMENT, measurement.pk, state):
        raise _changed()
    old = queries.measurement_text(measurement.released_value, measurement.released_source)
    measurement.released_value, measurement.released_source = measurement.value, measurement.source
    measurement.save(update_fields=["released_value", "released_source"])
    return Release(
        alliance_id=measurement.goal.alliance_id,
        kind=ReleaseKind.MEASUREMENT,
        measurement=measurement,
        old=old[:300],
        new=queries.measurement_text(measurement.value, measurement.source)[:300],
        by=by,
    )


@transaction.atomic
def release(alliance: Alliance, by, keys: list[str]) -> list[Release]:
    """Release the chosen changes (keys from ``queries.pending``) for the public pages, all
    or nothing: each item's public state becomes its current one, with a history row
    (``Release``) per item. An item released already is skipped, so a second post of the same
    form adds no row; an item changed since the page was shown refuses the whole release."""
    wanted = _parse(keys)
    if not wanted:
        raise ValidationError(_("Bitte wählen Sie mindestens eine Änderung zur Freigabe."))
    ids = {kind: [pk for k, pk in wanted if k == kind] for kind in ReleaseKind.values}
    measures = list(
        Measure.objects.select_for_update()
        .filter(alliance=alliance, pk__in=ids[ReleaseKind.MEASURE])
        .order_by("pk")
    )
    measurements = list(
        GoalMeasurement.objects.select_for_update(of=("self",))
        .filter(goal__alliance=alliance, pk__in=ids[ReleaseKind.MEASUREMENT])
        .select_related("goal")
        .order_by("pk")
    )
    if len(measures) + len(measurements) != len(wanted):
        raise ValidationError(_("Ein Eintrag gehört nicht zu diesem Bündnis oder ist gelöscht."))
    rows = [_release_measure(m, wanted[ReleaseKind.MEASURE, m.pk], by) for m in measures]
    rows += [
        _release_measurement(g, wanted[ReleaseKind.MEASUREMENT, g.pk], by) for g in measurements
    ]
    return Release.objects.bulk_create([row for row in rows if row is not None])


@transaction.atomic
def release_all(alliance: Alliance, by) -> list[Release]:
    """Release everything pending (the demo data set; Koordination uses the release page)."""
    keys = [item.key for item in queries.pending(alliance)]
    return release(alliance, by, keys) if keys else []
