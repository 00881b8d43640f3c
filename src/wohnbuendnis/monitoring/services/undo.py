"""Undoing a committed import (issue 13): its new values go, its changed values get their
previous value back; the revisions keep both the import's change and the undoing, and the
batch records who undid it when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.monitoring.models import ImportBatch, ImportKind, Observation, ObservationRevision
from wohnbuendnis.monitoring.queries import forget_barometer


def undo_check(batch: ImportBatch) -> str | None:
    """Why ``batch`` cannot be undone (German), or None when it can."""
    if batch.undone_at is not None:
        return _("Dieser Import wurde bereits rückgängig gemacht.")
    if batch.kind == ImportKind.BOUNDARIES:
        return _("Ein Import von Gebietsgrenzen kann nicht rückgängig gemacht werden.")
    # Every value the import wrote still carries it: no later import changed one of them ...
    if Observation.objects.filter(batch=batch).count() != batch.created + batch.updated:
        return _(
            "Werte dieses Imports wurden seither durch einen späteren Import geändert; bitte "
            "machen Sie zuerst den späteren Import rückgängig."
        )
    # ... and nobody corrected one by hand since.
    later = ObservationRevision.objects.filter(
        Q(batch__isnull=True) | Q(batch__undone_at__isnull=True),
        observation__batch=batch,
        changed_at__gte=batch.imported_at,
    ).exclude(batch=batch)
    if later.exists():
        return _(
            "Werte dieses Imports wurden seither von Hand korrigiert; der Import kann nicht "
            "mehr rückgängig gemacht werden."
        )
    return None


@transaction.atomic
def undo_import(batch: ImportBatch, user) -> ImportBatch:
    """Take back what ``batch`` wrote: delete the observations it created, give the ones it
    changed their previous value (and import) back with a revision each, and mark the batch
    as undone by ``user``. Refused (``ValidationError``) when a later import or a correction
    changed one of its values, or when it was undone already."""
    # One writer of an alliance's observations at a time (as for imports).
    Alliance.objects.select_for_update().filter(pk=batch.alliance_id).first()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    reason = undo_check(batch)
    if reason is not None:
        raise ValidationError(reason)
    revisions = {r.observation_id: r for r in ObservationRevision.objects.filter(batch=batch)}
    rows = list(Observation.objects.select_for_update().filter(batch=batch))
    created = [row.pk for row in rows if row.pk not in revisions]
    Observation.objects.filter(pk__in=created).delete()
    text = in_site_language(
        gettext_noop("Import %(file)s rückgängig gemacht"), file=batch.file_name
    )
    restored = []
    undoings = []
    for row in rows:
        revision = revisions.get(row.pk)
        if revision is None:
            continue
        undoings.append(
            ObservationRevision(
                observation=row,
                old_value=row.value,
                new_value=revision.old_value,
                reason=text,
                batch=batch,  # the undoing belongs to the import it takes back
                previous_batch=batch,
                changed_by=user,
            )
        )
        row.value, row.batch_id, row.recorded_by = (
            revision.old_value,
            revision.previous_batch_id,
            user,
        )
        restored.append(row)
    Observation.objects.bulk_update(restored, ["value", "batch", "recorded_by"], batch_size=1000)
    ObservationRevision.objects.bulk_create(undoings, batch_size=1000)
    batch.undone_at, batch.undone_by = timezone.now(), user
    batch.save(update_fields=["undone_at", "undone_by"])
    forget_barometer()
    return batch
