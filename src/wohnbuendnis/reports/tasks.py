"""Background task of the reports (django-tasks; processed by ``manage db_worker``).
The services never import this module: a task calls a service, one way."""

from __future__ import annotations

from django_tasks import task

from wohnbuendnis.reports import services
from wohnbuendnis.reports.models import Report


@task()
def build_report(report_id: int) -> str:
    """Build a queued report; returns its final status."""
    return services.execute_report(report_id).status


def start_report(alliance, user, **options) -> Report:
    """Queue a report (``services.request_report``) for the background worker."""
    report = services.request_report(alliance, user, **options)
    build_report.enqueue(report.pk)
    return report
