"""Background tasks of the forecast (django-tasks; processed by ``manage db_worker``)."""

from __future__ import annotations

from django_tasks import task

from wohnbuendnis.forecast import services


@task()
def run_forecast(run_id: int) -> str:
    """Compute a queued forecast run; returns its final status."""
    return services.execute_run(run_id).status
