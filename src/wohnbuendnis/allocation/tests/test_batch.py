"""Batch nominations: one service run for several vacancies, mechanism shortlist or optimal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.alliance.models import Organisation
from wohnbuendnis.allocation import engine, services
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdStatus,
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.analytics.allocation import is_eligible

FLATS = [
    {"label": f"Stapelweg {i}", "rooms": Decimal(rooms), "area_m2": Decimal(area),
     "rent_gross_eur": Decimal(rent), "step_free": step_free, "wheelchair": False,
     "funding_path": "1", "bound_until": datetime.date(2045, 12, 31)}
    for i, (rooms, area, rent, step_free) in enumerate(
        [(1, 35, 380, False), (2, 55, 560, True), (3, 70, 690, False), (4, 88, 850, True)]
    )
]  # fmt: skip


@pytest.fixture
def batch(city, vermieter):
    landlord = Organisation.objects.get(short_name="GWM")
    today = timezone.localdate()
    return [
        services.report_vacancy(city, vermieter, landlord, flat, today + datetime.timedelta(i))
        for i, flat in enumerate(FLATS)
    ]


def _resting() -> set[int]:
    return set(
        Nomination.objects.filter(status=NominationStatus.OPEN).values_list(
            "household_id", flat=True
        )
    )


def _assert_eligible(nominations) -> None:
    today = timezone.localdate()
    ids = [n.household_id for n in nominations]
    criteria = engine.checked_criteria(ids)
    for nomination in nominations:
        vacancy = nomination.vacancy
        reference = max(today, vacancy.available_from)
        caps = engine.rent_caps([nomination.household_id], reference)
        row = Household.objects.get(pk=nomination.household_id)
        household = engine.to_household(row, criteria.get(row.pk, frozenset()), caps.get(row.pk))
        flat = engine.to_flat(vacancy.flat, vacancy.available_from, str(vacancy.pk))
        assert is_eligible(household, flat, engine.scheme_on(nomination.scheme, reference))
        assert row.status == HouseholdStatus.RESERVED


@pytest.mark.parametrize("mechanism", ["shortlist", "optimal"])
def test_a_batch_names_eligible_households_none_twice(city, batch, wohnungsamt, mechanism):
    before = _resting()
    named = services.nominate_batch(city, batch, wohnungsamt, mechanism)
    households = [n.household_id for n in named]
    assert len(households) == len(set(households))  # no household twice across the batch
    assert not set(households) & before  # households already named elsewhere rest
    _assert_eligible(named)
    per_flat = {v.pk: [n for n in named if n.vacancy_id == v.pk] for v in batch}
    expected = 3 if mechanism == "shortlist" else 1
    for vacancy in batch:
        rows = per_flat[vacancy.pk]
        assert [n.rank for n in rows] == list(range(1, expected + 1))
        refreshed = Vacancy.objects.get(pk=vacancy.pk)
        assert refreshed.status == VacancyStatus.NOMINATED and refreshed.rounds == 1
        assert refreshed.history.last().to_status == VacancyStatus.NOMINATED


def test_a_batch_is_refused_as_a_whole(city, batch, wohnungsamt):
    services.nominate_candidates(batch[0], wohnungsamt)
    count = Nomination.objects.count()
    with pytest.raises(ValidationError):
        services.nominate_batch(city, batch, wohnungsamt, "shortlist")  # batch[0] is open
    with pytest.raises(ValidationError):
        services.nominate_batch(city, batch[1:], wohnungsamt, "lottery")
    with pytest.raises(ValidationError):
        services.nominate_batch(city, [], wohnungsamt, "shortlist")
    assert Nomination.objects.count() == count
    assert Vacancy.objects.get(pk=batch[1].pk).status == VacancyStatus.REPORTED


def test_the_housing_office_runs_a_batch_from_the_vacancy_list(
    client, city, batch, wohnungsamt, vermieter
):
    url = reverse("allocation:vacancies", args=[city.slug])
    post = reverse("allocation:vacancy_batch_nominate", args=[city.slug])
    data = {"vacancies": [str(v.public_id) for v in batch[:2]], "mechanism": "optimal"}
    client.force_login(vermieter)
    assert "batch-heading" not in client.get(url).content.decode()
    assert client.post(post, data).status_code == 403
    client.force_login(wohnungsamt)
    page = client.get(url).content.decode()
    assert "batch-heading" in page and str(batch[0].public_id) in page
    assert client.post(post, data).status_code == 302
    assert Nomination.objects.filter(vacancy__in=batch[:2]).count() == 2
    assert not Nomination.objects.filter(vacancy__in=batch[2:]).exists()
