"""Read-only lookups of the reports that other pages share."""

from __future__ import annotations

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.reports.models import ReportStatus


def published_reports(alliance: Alliance):
    """The reports the public sees: finished and published by Koordination, newest first."""
    return alliance.reports.filter(published=True, status=ReportStatus.DONE).order_by(
        "-published_at", "-pk"
    )
