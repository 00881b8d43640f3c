"""Background tasks of the allocation (django-tasks; processed by ``manage worker``).

django-tasks has no periodic scheduler, so the daily retention job schedules itself: the worker
command enqueues it when it starts (``schedule_daily_retention``), and every run enqueues the
next one for the following night. A job is enqueued only when none is waiting, and a run does
its work at most once a day (``RetentionRun.day`` is unique), so restarts, two workers or a
manual ``apply_retention`` never make it run twice a day; if the worker was down, the job runs
as soon as it is back.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from wohnbuendnis.allocation.models import RetentionRun
from wohnbuendnis.allocation.services.register_import import delete_expired_register_uploads
from wohnbuendnis.allocation.services.retention import run_daily_retention

RUN_AT = datetime.time(3, 0)  # local time of the nightly run


@task()
def daily_retention() -> str:
    """Expire overdue nominations and approvals, anonymise expired cases, delete register files
    uploaded but never imported; then schedule the next night's run. Returns the day's counts
    (no personal data)."""
    delete_expired_register_uploads()
    run = run_daily_retention()
    schedule_daily_retention()
    if run is None:
        return "already done today"
    return (
        f"expired nominations: {run.expired_nominations}, expired cost coverage: "
        f"{run.expired_cost_coverage}, anonymised households: {run.anonymised}"
    )


def next_run_after(now: datetime.datetime | None = None) -> datetime.datetime:
    """Now if today's run has not happened yet, else tomorrow at ``RUN_AT`` (local time)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not RetentionRun.objects.filter(day=today).exists():
        return now
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), RUN_AT)
    return timezone.make_aware(tomorrow)


def schedule_daily_retention(now: datetime.datetime | None = None) -> bool:
    """Enqueue the daily retention job unless one is already waiting; True if enqueued.

    Only with the database backend (``manage worker``); with ``TASKS_IMMEDIATE`` the job would
    run at once and schedule itself again without end, so nothing is scheduled there."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(daily_retention.get_backend(), DatabaseBackend):
        return False
    with transaction.atomic():
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=daily_retention.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        daily_retention.using(run_after=next_run_after(now)).enqueue()
    return True
