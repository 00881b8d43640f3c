"""Allocation tests share one generated demo data set per module (it takes seconds to build);
each test still runs in its own transaction that is rolled back."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Generate once per module inside an outer transaction that is rolled back at the end
    (the setUpTestData pattern), so rows made by data migrations survive."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        _demo().generate(parts=("allocation",))
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def city(demo_data, demo_alliance):
    return demo_alliance


def _demo():
    """The demo package (tests may build the demo data set; see the import-linter contracts)."""
    from wohnbuendnis import demo

    return demo
