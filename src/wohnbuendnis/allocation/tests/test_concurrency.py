"""Races with one consistent result: two landlord users accepting two households for the same
flat, two clerks' batches, two clerks sending previews for one flat, a landlord accepting while
a clerk swaps the nominee out. They need real row locks, so they run on PostgreSQL only (CI runs
the suite there too), and they live here, apart from the modules whose demo data stays in an
open outer transaction that the threads' own connections would not see."""

from __future__ import annotations

from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdStatus,
    Nomination,
    NominationStatus,
    PreviewEntry,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.allocation.services import previews
from wohnbuendnis.allocation.tests.test_previews import STALE, _vacancies
from wohnbuendnis.lib.race_testing import at_once

NEEDS_PG = "row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test"


@pytest.mark.django_db(transaction=True)
def test_two_landlord_users_accepting_at_once_end_with_one_tenant():
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
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
        pytest.skip(NEEDS_PG)
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


@pytest.mark.django_db(transaction=True)
def test_two_clerks_sending_previews_for_one_flat_at_once_give_one_result():
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.alliance.models import Alliance

    _demo().generate(parts=("allocation",))
    office = User.objects.get(username="wohnungsamt")
    city = Alliance.objects.get(slug="musterstadt")
    vacancy = _vacancies(city, office)[0]
    first = previews.prepare_preview(city, [vacancy], office, "shortlist", 3)
    second = previews.prepare_preview(city, [vacancy], office, "optimal", 3)
    outcomes = at_once(
        partial(previews.send_preview, first, office),
        partial(previews.send_preview, second, office),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert Nomination.objects.filter(vacancy=vacancy).count() == 3
    assert PreviewEntry.objects.filter(nomination__isnull=False).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_landlord_accepting_while_a_clerk_swaps_the_nominee_out_gives_one_result():
    """Clerk B sent a preview for the flat; the landlord accepts its first nominee at the moment
    clerk A swaps that household out of an older preview of the same flat. Five rounds, each
    on a new flat: the acceptance stands (the flat let to a household that is still its nominee)
    and the swap is refused with a German message, nothing of it stored – never both.

    The other outcome (swap stands, acceptance refused) cannot happen: a swap needs a flat
    without open nominations, and a landlord decides only on open ones."""
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.alliance.models import Alliance

    _demo().generate(parts=("allocation",))
    office = User.objects.get(username="wohnungsamt")
    landlord = User.objects.get(username="vermieter")
    city = Alliance.objects.get(slug="musterstadt")
    reason = "Rollstuhl passt laut Besichtigung nicht"
    for vacancy in _vacancies(city, office, rents=(450, 470, 490, 510, 530)):
        older = previews.prepare_preview(city, [vacancy], office, "shortlist", 3)
        sent = previews.prepare_preview(city, [vacancy], office, "shortlist", 3)
        named = previews.send_preview(sent, office)[0]
        entry = older.entries.get(household_id=named.household_id)  # the same proposal
        other = Household.objects.get(pk=int(previews.swap_candidates(entry)[0].household_id))
        outcomes = at_once(
            partial(services.record_landlord_decision, named, landlord, accept=True),
            partial(previews.swap_nominee, entry, office, other, reason),
        )
        assert outcomes == ["ok", "refused"], vacancy.flat.label
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.LET
        assert vacancy.nominations.get(status=NominationStatus.ACCEPTED).pk == named.pk
        assert not vacancy.nominations.filter(status=NominationStatus.OPEN).exists()
        assert Household.objects.get(pk=named.household_id).status == HouseholdStatus.HOUSED
        entry.refresh_from_db()
        assert (entry.household_id, entry.proposed_id, entry.swap_reason) == (
            named.household_id, None, "",
        )  # fmt: skip
        other.refresh_from_db()
        assert other.status == HouseholdStatus.ACTIVE
        assert not vacancy.nominations.filter(household=other).exists()
        with pytest.raises(ValidationError, match=STALE):  # what the clerk is told
            previews.swap_nominee(entry, office, other, reason)


def _demo():
    """The demo package (tests may build the demo data set; see the import-linter contracts)."""
    from wohnbuendnis import demo

    return demo
