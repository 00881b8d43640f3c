"""The daily housekeeping the worker does by itself, so that an instance started with
``wohnbuendnis serve`` needs no cron entry: deadlines, reminders and the deletions that the
data-protection texts promise (unconfirmed newsletter subscriptions, event registrations,
abandoned import files).

Each job is the management command of its app (the commands stay for cron and for running one
by hand); every one of them may run more than once a day without harm (reminders are recorded
per person, deletions and closings find nothing the second time). The job schedules itself as
the allocation's retention job does (``allocation.tasks``): the worker enqueues it at start
unless one is waiting, every run enqueues the next night's. One job failing does not keep the
others from running; the failure is logged and named in the result.
"""

from __future__ import annotations

import datetime
import io
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)

RUN_AT = datetime.time(3, 30)  # local time, after the retention job (03:00)


def jobs() -> list[tuple[str, dict]]:
    """The commands of the daily run with their options. The reminders that link to a case
    need the instance's address (``BASE_URL``); without it they are left to cron."""
    daily: list[tuple[str, dict]] = [
        ("close_consultations", {}),
        ("send_reminders", {}),  # minutes approved tacitly, reminders of minutes and tasks
        ("delete_expired_subscriptions", {}),
        ("delete_event_registrations", {}),
        ("delete_expired_uploads", {}),
    ]
    if settings.BASE_URL:
        daily += [
            ("send_entitlement_reminders", {"base_url": settings.BASE_URL}),
            ("send_cost_coverage_reminders", {"base_url": settings.BASE_URL}),
        ]
    return daily


def run_daily_jobs() -> dict[str, str]:
    """Run every daily command once; returns each command's last output line (counts only,
    no personal data) or the error it ended with."""
    results: dict[str, str] = {}
    for name, options in jobs():
        out = io.StringIO()
        try:
            call_command(name, stdout=out, **options)
        except Exception as error:  # one broken job must not stop the others
            logger.exception("daily job %s failed", name)
            results[name] = f"failed: {type(error).__name__}"
        else:
            lines = out.getvalue().strip().splitlines()
            results[name] = lines[-1] if lines else "done"
    return results


@task()
def daily_housekeeping() -> str:
    """The nightly run of :func:`jobs`, then the next night's scheduled."""
    results = run_daily_jobs()
    schedule_daily_housekeeping(after_run=True)
    return "; ".join(f"{name}: {result}" for name, result in results.items())


def next_run_after(now: datetime.datetime, after_run: bool) -> datetime.datetime:
    """At once when the worker starts (a missed night is made up), else tomorrow at RUN_AT."""
    if not after_run:
        return now
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, RUN_AT))


def schedule_daily_housekeeping(
    now: datetime.datetime | None = None, after_run: bool = False
) -> bool:
    """Enqueue the daily housekeeping unless one is already waiting; True if enqueued. Only
    with the database backend (``manage worker``): with ``TASKS_IMMEDIATE`` the job would run
    at once and schedule itself again without end."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(daily_housekeeping.get_backend(), DatabaseBackend):
        return False
    with transaction.atomic():
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=daily_housekeeping.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        when = next_run_after(now or timezone.now(), after_run)
        daily_housekeeping.using(run_after=when).enqueue()
    return True
