"""API tests share one generated demo data set per module (with the allocation part: the
priority list and the landlords' flats); each test runs in its own rolled-back transaction."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    from django.db import transaction

    from wohnbuendnis import demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        demo.generate(parts=("process", "allocation", "monitoring"))
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def city(demo_data, db):
    from wohnbuendnis import demo
    from wohnbuendnis.alliance.models import Alliance

    cache.clear()  # the rate limit's counters
    return Alliance.objects.get(slug=demo.CITY_SLUG)


def organisation_of(alliance, username: str, role: str):
    from wohnbuendnis.alliance.models import Membership

    return (
        Membership.objects.active()
        .get(alliance=alliance, person__user__username=username, role=role)
        .organisation
    )


def issue(alliance, username: str, role: str, scope: str, days: int = 30):
    """A token for the organisation ``username`` acts for in ``role``; returns (row, raw)."""
    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.api import services

    return services.issue_token(
        alliance, User.objects.get(username="koordination"),
        organisation_of(alliance, username, role), f"System {username}", [scope],
        timezone.localdate() + datetime.timedelta(days=days),
    )  # fmt: skip
