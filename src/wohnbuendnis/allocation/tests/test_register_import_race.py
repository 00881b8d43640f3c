"""Two clerks import the same register file at the same moment: every household once, one
history row each. Needs real row locks, so it runs on PostgreSQL only (CI runs the suite there
too)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import Household, HouseholdStatusChange
from wohnbuendnis.lib.race_testing import at_once
from wohnbuendnis.lib.tests import fuzzing


@pytest.mark.django_db(transaction=True)
def test_two_clerks_importing_the_same_file_at_once_create_each_household_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    from wohnbuendnis import demo
    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.alliance.models import Alliance

    demo.generate(parts=("allocation",))
    office = User.objects.get(username="wohnungsamt")
    city = Alliance.objects.get(slug=demo.CITY_SLUG)
    data = fuzzing.register_csv()
    outcomes = at_once(
        *(partial(services.import_register, city, office, data, "alt.csv") for _ in range(2))
    )
    assert outcomes == ["ok", "ok"]  # the second waits for the first, then finds all there
    assert Household.objects.filter(reference__startswith="A-20").count() == 3
    notes = HouseholdStatusChange.objects.filter(note="importiert aus alt.csv")
    assert notes.count() == 3
