"""Background tasks of the forecast (django-tasks; processed by ``manage db_worker``).

The services never import this module (a run is created by ``services.create_run``); starting a
run is creating it here and handing it to the worker, so the dependency runs one way.
"""

from __future__ import annotations

from django_tasks import task

from wohnbuendnis.forecast import services
from wohnbuendnis.forecast.models import AssumptionSet, ForecastRun, InputData


@task()
def run_forecast(run_id: int) -> str:
    """Compute a queued forecast run; returns its final status."""
    return services.execute_run(run_id).status


def start_run(inputs: InputData, sets: list[AssumptionSet], user, **options) -> ForecastRun:
    """Queue a run (``services.create_run`` with its ``options``) for the background worker."""
    run = services.create_run(inputs, sets, user, **options)
    run_forecast.enqueue(run.pk)
    return run


def start_region_run(alliance, user, **options) -> ForecastRun:
    """Queue a region-wide run (``services.create_region_run``) for the background worker."""
    run = services.create_region_run(alliance, user, **options)
    run_forecast.enqueue(run.pk)
    return run
