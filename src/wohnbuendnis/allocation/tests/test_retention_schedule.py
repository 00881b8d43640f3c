"""The daily retention job: django-tasks has no periodic scheduler, so the worker enqueues the
job at start and every run enqueues the next night's; exactly one job waits at any time."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wohnbuendnis.allocation.models import RetentionRun
from wohnbuendnis.allocation.services.retention import run_daily_retention
from wohnbuendnis.allocation.tasks import daily_retention, schedule_daily_retention


@pytest.fixture
def database_tasks(settings):
    """The real queue (the test settings run tasks inline)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting():
    return DBTaskResult.objects.filter(
        task_path=daily_retention.module_path, status=TaskResultStatus.READY
    )


@pytest.mark.django_db
def test_scheduling_enqueues_exactly_one_pending_job(database_tasks):
    assert schedule_daily_retention() is True
    assert schedule_daily_retention() is False  # a second worker start, a restart
    assert schedule_daily_retention() is False
    assert _waiting().count() == 1
    assert _waiting().get().run_after <= timezone.now()  # today's run is due at once


@pytest.mark.django_db(transaction=True)
def test_the_daily_job_runs_once_a_day_and_schedules_the_next_night(database_tasks):
    call_command("worker", batch=True, verbosity=0)  # what `serve` and `demo` start
    assert RetentionRun.objects.filter(day=timezone.localdate()).count() == 1
    done = DBTaskResult.objects.get(
        task_path=daily_retention.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    assert "anonymised households" in done.return_value
    following = _waiting().get()  # exactly one, for tomorrow night
    assert timezone.localdate(following.run_after) == timezone.localdate() + datetime.timedelta(
        days=1
    )
    assert schedule_daily_retention() is False
    # the same day again (a manual run, a second job) does no work
    assert run_daily_retention() is None
    assert RetentionRun.objects.count() == 1


@pytest.mark.django_db
def test_without_the_queue_nothing_is_scheduled():
    """TASKS_IMMEDIATE (tests, inline tasks): the job would run and re-schedule itself."""
    assert schedule_daily_retention() is False
    assert not DBTaskResult.objects.exists()
