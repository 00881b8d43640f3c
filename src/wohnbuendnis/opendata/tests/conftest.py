"""Generate the whole demo data set once per test module (applicants included, so the tests can
search the files for them), inside a transaction rolled back at the module's end."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    from django.db import transaction

    from wohnbuendnis import demo

    with django_db_blocker.unblock(), transaction.atomic():
        demo.generate(parts=("process", "allocation", "monitoring", "forecast"))
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _indicator_catalogue(request):
    """The catalogue comes with a data migration; a transactional test that ran earlier in the
    same process flushed it away, so database tests put it back (idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("db")
    from wohnbuendnis.monitoring.catalogue import seed
    from wohnbuendnis.monitoring.models import Indicator

    seed(Indicator)
