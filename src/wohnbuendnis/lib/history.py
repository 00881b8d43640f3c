"""Status history, one shape for every model that has a status (convention 6).

A model with a status keeps its history in a concrete subclass of :class:`StatusChange` whose
foreign key to it has ``related_name="history"`` and whose ``from_status``/``to_status`` carry
the status's choices. Every status change goes through :func:`change_status`, which changes the
status and appends the row in one step, so no change can be written without its history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

STATUS_LENGTH = 20


class StatusChange(models.Model):
    """Abstract: who changed the status, when, from what to what, and why.

    A concrete history adds the object it belongs to (``related_name="history"``) and overrides
    ``from_status``/``to_status`` with the choices of that object's status; it may add fields of
    its own (a measure's progress, the day a building project reached its status).
    """

    at = models.DateTimeField(_("am"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("von"),
    )
    from_status = models.CharField(_("von Status"), max_length=STATUS_LENGTH, blank=True)
    to_status = models.CharField(_("zu Status"), max_length=STATUS_LENGTH)
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


def change_status(
    obj: models.Model,
    to: str,
    by: Any,
    note: str = "",
    *,
    save: bool = True,
    history: dict[str, Any] | None = None,
    **fields: Any,
) -> StatusChange:
    """Set ``obj.status`` to ``to`` (and ``fields`` beside it) and append the history row.

    ``save=False`` leaves saving ``obj`` to the caller (a service that changes more fields of
    the same row in one save); ``history`` holds the extra fields of that model's history row.
    The caller holds the row lock (``select_for_update``) where two people can race.
    """
    before = obj.status  # type: ignore[attr-defined]
    obj.status = to  # type: ignore[attr-defined]
    for name, value in fields.items():
        setattr(obj, name, value)
    if save:
        obj.save(update_fields=["status", *fields])
    return obj.history.create(  # type: ignore[attr-defined]
        from_status=before, to_status=to, by=by, note=note[:300], **(history or {})
    )


def record_status(
    obj: models.Model, by: Any, note: str = "", *, new: bool = False, **history: Any
) -> StatusChange:
    """Append a history row for the status ``obj`` has now without changing it: the first row
    of a new object (``new=True``: from nothing), or a note on its course (from = to)."""
    status = obj.status  # type: ignore[attr-defined]
    return obj.history.create(  # type: ignore[attr-defined]
        from_status="" if new else status, to_status=status, by=by, note=note[:300], **history
    )
