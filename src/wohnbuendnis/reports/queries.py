"""Read-only lookups of the reports that other pages share."""

from __future__ import annotations

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.reports.models import Report, ReportStatus


def published_reports(alliance: Alliance):
    """The reports the public sees: finished and published by Koordination, newest first."""
    return every_published_report().filter(alliance=alliance)


def every_published_report():
    """The published reports of every alliance, newest first (the OParl papers)."""
    return Report.objects.filter(published=True, status=ReportStatus.DONE).order_by(
        "-published_at", "-pk"
    )
