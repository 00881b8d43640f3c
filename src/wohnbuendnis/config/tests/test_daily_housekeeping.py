"""The worker's daily housekeeping: what the data-protection texts promise to delete is deleted
and deadlines are kept without a cron entry; exactly one job waits at any time; one failing
command does not stop the others."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wohnbuendnis.alliance.tests.factories import AllianceFactory
from wohnbuendnis.config import daily
from wohnbuendnis.news import services as news
from wohnbuendnis.news.models import Subscription


@pytest.fixture
def database_tasks(settings):
    """The real queue (the test settings run tasks inline)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting():
    return DBTaskResult.objects.filter(
        task_path=daily.daily_housekeeping.module_path, status=TaskResultStatus.READY
    )


def _stale_subscription() -> Subscription:
    """A newsletter subscription never confirmed, requested eight days ago."""
    news.subscribe(AllianceFactory(), "alt@example.org", consent=True, base_url="http://x")
    old = Subscription.objects.get(email="alt@example.org")
    old.requested_at = timezone.now() - datetime.timedelta(days=8)
    old.save(update_fields=["requested_at"])
    return old


@pytest.mark.django_db
def test_scheduling_enqueues_exactly_one_pending_job(database_tasks):
    assert daily.schedule_daily_housekeeping() is True
    assert daily.schedule_daily_housekeeping() is False  # a second worker, a restart
    assert _waiting().count() == 1
    assert _waiting().get().run_after <= timezone.now()  # a missed night is made up at once


@pytest.mark.django_db(transaction=True)
def test_the_worker_deletes_what_expired_and_schedules_the_next_night(database_tasks):
    _stale_subscription()
    call_command("worker", batch=True, verbosity=0)  # what `serve` and `demo` start
    assert not Subscription.objects.exists()
    done = DBTaskResult.objects.get(
        task_path=daily.daily_housekeeping.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    for name in (
        "close_consultations", "send_reminders", "delete_expired_subscriptions",
        "delete_event_registrations", "delete_expired_uploads",
    ):  # fmt: skip
        assert f"{name}: " in done.return_value
    assert "failed" not in done.return_value
    following = _waiting().get()  # exactly one, for tomorrow night
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert timezone.localdate(following.run_after) == tomorrow
    assert daily.schedule_daily_housekeeping() is False


@pytest.mark.django_db
def test_the_case_reminders_join_only_with_the_instances_address(settings):
    settings.BASE_URL = ""
    assert "send_cost_coverage_reminders" not in dict(daily.jobs())
    settings.BASE_URL = "https://wohnen.example.de"
    jobs = dict(daily.jobs())
    assert jobs["send_cost_coverage_reminders"] == {"base_url": "https://wohnen.example.de"}
    assert jobs["send_entitlement_reminders"] == {"base_url": "https://wohnen.example.de"}
    results = daily.run_daily_jobs()
    assert set(results) == set(jobs)
    assert not any(result.startswith("failed") for result in results.values())


@pytest.mark.django_db
def test_a_failing_command_does_not_stop_the_others(monkeypatch):
    _stale_subscription()
    monkeypatch.setattr(
        daily, "jobs", lambda: [("no_such_command", {}), ("delete_expired_subscriptions", {})]
    )
    results = daily.run_daily_jobs()
    assert results["no_such_command"] == "failed: CommandError"
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_without_the_queue_nothing_is_scheduled():
    assert daily.schedule_daily_housekeeping() is False
    assert not DBTaskResult.objects.exists()
