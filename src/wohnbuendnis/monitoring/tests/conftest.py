"""Generate the demo data set once per test module, inside a transaction rolled back at the
module's end (each test still runs in its own savepoint): the data set takes seconds to build."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    from django.db import transaction

    from wohnbuendnis import demo

    with django_db_blocker.unblock(), transaction.atomic():
        demo.generate(parts=("monitoring",))
        yield
        transaction.set_rollback(True)
