"""What every builder shares: the options of one report and the data state line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance

Progress = Callable[[int, str], None]


def no_progress(percent: int, message: str) -> None:
    return None


class ReportInputError(ValueError):
    """The options do not name a report that can be built (unknown meeting, no minutes …):
    the page shows the message, the command exits with code 2."""


@dataclass(frozen=True)
class Options:
    alliance: Alliance
    public: bool = True  # the public version: no non-public content at all
    year: int | None = None
    edition: int | None = None
    meeting_id: int | None = None


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else "–"


def data_state(alliance: Alliance) -> str:
    """Which data the report shows: the latest monitoring import and concept change."""
    from wohnbuendnis.concept.models import MeasureStatusChange

    imported = alliance.monitoring_imports.aggregate(at=Max("imported_at"))["at"]
    changed = MeasureStatusChange.objects.filter(measure__alliance=alliance).aggregate(
        at=Max("at")
    )["at"]
    text = _("Datenstand: Monitoring-Import %(imported)s, Maßnahmen %(changed)s, erstellt %(now)s")
    return text % {
        "imported": local(imported),
        "changed": local(changed),
        "now": local(timezone.now()),
    }
