"""Two landlord users accept two different households for the same flat at once: exactly one
wins. Needs real row locks, so it runs on PostgreSQL only (CI runs the suite there too)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import Household, Nomination, NominationStatus, Vacancy
from wohnbuendnis.lib.race_testing import at_once


@pytest.mark.django_db(transaction=True)
def test_two_landlord_users_accepting_at_once_end_with_one_tenant():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    demo = _demo()
    from wohnbuendnis.accounts.models import User

    demo.generate(parts=("allocation",))
    vermieter = User.objects.get(username="vermieter")
    vacancy = Vacancy.objects.filter(flat__landlord__short_name="GWM", status="benannt").first()
    first, second = vacancy.nominations.filter(status=NominationStatus.OPEN)[:2]
    outcomes = at_once(
        *(
            partial(services.record_landlord_decision, n, vermieter, accept=True)
            for n in (first, second)
        )
    )
    assert sorted(outcomes) == ["ok", "refused"]
    accepted = vacancy.nominations.filter(status=NominationStatus.ACCEPTED)
    assert accepted.count() == 1
    winner = accepted.get()
    assert Household.objects.get(pk=winner.household_id).status == "versorgt"
    loser = first if winner.pk == second.pk else second
    loser.refresh_from_db()
    assert loser.status == NominationStatus.RELEASED
    assert Household.objects.get(pk=loser.household_id).status == "aktiv"


@pytest.mark.django_db(transaction=True)
def test_two_clerks_running_batches_at_once_never_name_a_household_twice():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.alliance.models import Alliance, Organisation

    _demo().generate(parts=("allocation",))
    office = User.objects.get(username="wohnungsamt")
    city = Alliance.objects.get(slug="musterstadt")
    landlord = Organisation.objects.get(short_name="GWM")
    flat = {"rooms": Decimal(2), "area_m2": Decimal(50), "rent_gross_eur": Decimal(500),
            "step_free": True, "wheelchair": False, "funding_path": "1",
            "bound_until": datetime.date(2045, 12, 31)}  # fmt: skip
    today = timezone.localdate()
    vacancies = [
        services.report_vacancy(city, office, landlord, flat | {"label": f"Parallelweg {i}"}, today)
        for i in range(6)
    ]
    outcomes = at_once(
        partial(services.nominate_batch, city, vacancies[:3], office, "shortlist"),
        partial(services.nominate_batch, city, vacancies[3:], office, "optimal"),
    )
    assert outcomes == ["ok", "ok"]
    open_ones = Nomination.objects.filter(status=NominationStatus.OPEN)
    named = list(open_ones.values_list("household_id", flat=True))
    assert len(named) == len(set(named))
    assert open_ones.filter(vacancy__in=vacancies).count() == 3 * 3 + 3


def _demo():
    """The demo package (tests may build the demo data set; see the import-linter contracts)."""
    from wohnbuendnis import demo

    return demo
