"""Places on a small register built by hand (no demo): the emergency-case indicator and the
placements per district equal a hand count, the monitoring gets them once (publishing again
changes nothing), the segregation index equals a hand computation, and a flat's district must
be a district of the alliance's municipality."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from wohnbuendnis.accounts.tests.factories import UserFactory
from wohnbuendnis.alliance.tests.factories import AllianceFactory, AreaFactory
from wohnbuendnis.allocation import queries, services
from wohnbuendnis.allocation.forms import VacancyForm
from wohnbuendnis.allocation.models import Household, check_flat
from wohnbuendnis.allocation.services.places import (
    EMERGENCY_DAYS,
    EMERGENCY_HOUSED,
    EMERGENCY_WITHIN,
    PLACEMENTS,
)
from wohnbuendnis.allocation.tests.place_factories import (
    DistrictFactory,
    HouseholdFactory,
    emergency,
    house,
)
from wohnbuendnis.areas.models import AreaLevel
from wohnbuendnis.monitoring.catalogue import ALLOCATION
from wohnbuendnis.monitoring.models import Observation, ObservationRevision
from wohnbuendnis.monitoring.services import indicators

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2025


@pytest.fixture
def clerk():
    return UserFactory(username="sachbearbeitung")


@pytest.fixture
def register():
    """Musterdorf with the districts A, B, C, D (and a quarter of A, and a district of another
    town); the households housed as in the table of the module's hand count."""
    indicators.ensure_catalogue()  # a live-server test before this one flushed the catalogue
    city = AreaFactory(name="Musterdorf")
    alliance = AllianceFactory(area=city)
    a, b, c, d = (DistrictFactory(parent=city, key=k, name=f"Teil {k}") for k in "ABCD")
    quarter = AreaFactory(parent=a, level=AreaLevel.QUARTER, key="A1", name="Quartier A1")
    foreign = DistrictFactory(parent=AreaFactory(name="Anderswo"), key="X", name="Fremd")

    def household(registered, nationality="deutsch", **kwargs):
        return HouseholdFactory(
            alliance=alliance, registered_on=registered, nationality_group=nationality, **kwargs
        )

    # district A: five emergency cases (45, 120, 90, 10, 151 days) and one other household
    for registered, housed, kind in [
        (D(2025, 1, 1), D(2025, 2, 15), "homeless"),  # 45 days
        (D(2024, 12, 1), D(2025, 3, 31), "threatened_with_eviction"),  # 120
        (D(2025, 5, 3), D(2025, 8, 1), "domestic_violence"),  # 90: still within the target
        (D(2025, 10, 1), D(2025, 10, 11), "homeless"),  # 10
        (D(2025, 1, 10), D(2025, 6, 10), "homeless"),  # 151
    ]:
        h = household(registered, "drittstaat")
        emergency(h, kind)
        house(h, housed, a)
    house(household(D(2025, 1, 1)), D(2025, 4, 1), a)
    # district B: one emergency case (60 days); a claim not confirmed and one not checked
    # are no emergency
    h = household(D(2025, 3, 1))
    emergency(h)
    house(h, D(2025, 4, 30), b)
    h = household(D(2025, 1, 1))
    emergency(h, confirmed=False)
    house(h, D(2025, 5, 1), b)
    h = household(D(2025, 1, 1))
    emergency(h, checked=False)
    house(h, D(2025, 5, 2), b)
    # an emergency case housed without the allocation (status set by hand): 30 days, city only
    h = household(D(2025, 6, 1))
    emergency(h)
    house(h, D(2025, 7, 1), "none")
    # an emergency case housed in 2024 (not counted in 2025)
    h = household(D(2024, 10, 1))
    emergency(h)
    house(h, D(2024, 12, 20), c)
    # district C: three other households, and an anonymised case (a placement, no groups)
    for day in (D(2025, 2, 1), D(2025, 3, 1), D(2025, 11, 30)):
        house(household(D(2024, 6, 1)), day, c)
    anonymised = household(D(2024, 1, 1), "keine_angabe", name="anonymisiert")
    house(anonymised, D(2025, 9, 9), c)
    Household.objects.filter(pk=anonymised.pk).update(anonymised_at=anonymised.status_changed_at)
    # a household still waiting
    emergency(household(D(2025, 2, 1)))
    return alliance, {"A": a, "B": b, "C": c, "D": d, "quarter": quarter, "foreign": foreign}


def test_the_emergency_indicator_equals_the_hand_count(register):
    alliance, areas = register
    figures = queries.place_figures(alliance)
    city = figures[(None, YEAR)]
    # housed in 2025 with a confirmed emergency criterion: A 45, 120, 90, 10, 151; B 60; 30
    # without the allocation → 7 cases; sorted 10 30 45 60 90 120 151: median 60; within 90
    # days: 10, 30, 45, 60, 90 → 5 of 7
    assert sorted(city.emergency_days) == [10, 30, 45, 60, 90, 120, 151]
    assert (city.emergency_housed, city.emergency_within, city.emergency_median) == (7, 5, 60)
    assert city.emergency_share == pytest.approx(5 / 7)
    # the yearly statistics count the same cases
    report = queries.emergency_placements(alliance, YEAR)
    assert (report["housed"], report["within"]) == (city.emergency_housed, city.emergency_within)
    # placements: A 6, B 3, C 3 + the anonymised case = 4 → 13 (not the one housed by hand)
    assert city.placements == 13
    a = figures[(areas["A"].pk, YEAR)]
    assert (a.placements, a.emergency_housed, a.emergency_median) == (6, 5, 90)
    assert a.emergency_within == 3 and a.emergency_share is None  # 3 within: not shown
    b = figures[(areas["B"].pk, YEAR)]
    assert (b.placements, b.emergency_housed) == (3, 1)
    assert b.placements_suppressed and b.emergency_suppressed
    assert figures[(areas["C"].pk, 2024)].emergency_days == [80]
    assert figures[(queries.NO_DISTRICT, YEAR)].emergency_days == [30]
    assert (areas["D"].pk, YEAR) not in figures
    # vacancies: one flat per placement, each reported 30 days before (all in 2025)
    assert city.vacancies == 13 and city.let == 13


def test_publish_indicators_writes_the_hand_count_once(register, clerk):
    alliance, areas = register
    done = services.publish_indicators(alliance, YEAR, clerk)
    stored = {
        (o.area.name, o.indicator.key): o.value
        for o in Observation.objects.filter(source=ALLOCATION, year=YEAR).select_related(
            "area", "indicator"
        )
    }
    assert stored == {
        ("Musterdorf", PLACEMENTS): 13,
        ("Musterdorf", EMERGENCY_HOUSED): 7,
        ("Musterdorf", EMERGENCY_DAYS): 60,
        ("Musterdorf", EMERGENCY_WITHIN): pytest.approx(71.4),
        ("Teil A", PLACEMENTS): 6,
        ("Teil A", EMERGENCY_HOUSED): 5,
        ("Teil A", EMERGENCY_DAYS): 90,
        # B: 3 placements and 1 emergency case are below 5: not written
        ("Teil C", EMERGENCY_HOUSED): 0,  # C: 4 placements not written, no emergency case
        ("Teil D", PLACEMENTS): 0,
        ("Teil D", EMERGENCY_HOUSED): 0,
    }
    assert (done.created, done.updated, done.unchanged) == (len(stored), 0, 0)
    # publishing again changes nothing
    again = services.publish_indicators(alliance, YEAR, clerk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(stored))
    assert not ObservationRevision.objects.exists()
    # a further emergency case housed in A: the changed figures are corrections with history
    h = HouseholdFactory(alliance=alliance, registered_on=D(2025, 11, 1))
    emergency(h)
    house(h, D(2025, 11, 21), areas["A"])
    later = services.publish_indicators(alliance, YEAR, clerk)
    assert later.created == 0 and later.updated >= 4
    revision = ObservationRevision.objects.get(
        observation__area=areas["A"], observation__indicator__key=EMERGENCY_HOUSED
    )
    assert (revision.old_value, revision.new_value) == (5, 6)
    assert ALLOCATION in revision.reason
    # the command does the same (and nothing more)
    call_command("publish_allocation_indicators", alliance.slug, "--year", str(YEAR))
    assert ObservationRevision.objects.count() == later.updated


def test_publish_refuses_a_year_without_data_or_in_the_future(register):
    alliance, _areas = register
    with pytest.raises(ValidationError):
        services.publish_indicators(alliance, 2019)
    with pytest.raises(ValidationError):
        services.publish_indicators(alliance, datetime.date.today().year + 1)
    assert not Observation.objects.filter(source=ALLOCATION).exists()


def test_the_segregation_index_equals_the_hand_computation(register):
    alliance, _areas = register
    index = {s.dimension: s for s in queries.segregation(alliance, YEAR)}
    # live placements 2025 with a district: A 5 emergency (third-country) + 1 other (German),
    # B 1 emergency + 2 others, C 3 others (the anonymised case has lost its groups)
    # emergency vs others: a = (5, 1, 0)/6, b = (1, 2, 3)/6 → ½(4/6 + 1/6 + 3/6) = 2/3
    emergency_ = index["emergency"]
    assert (emergency_.count_a, emergency_.count_b, emergency_.districts) == (6, 6, 3)
    assert emergency_.index == pytest.approx(2 / 3)
    # non-German vs German: a = (5, 0, 0)/5, b = (1, 3, 3)/7 → ½(6/7 + 3/7 + 3/7) = 6/7
    nationality = index["nationality"]
    assert (nationality.count_a, nationality.count_b) == (5, 7)
    assert nationality.index == pytest.approx(6 / 7)
    # 2024: one placement, no index
    assert all(s.index is None for s in queries.segregation(alliance, 2024))


FLAT = {
    "label": "2. OG links", "street": "Teststraße", "house_number": "3", "postcode": "34117",
    "rooms": Decimal(2), "area_m2": Decimal(55), "rent_gross_eur": Decimal(600),
    "bound_until": datetime.date(2045, 12, 31),
}  # fmt: skip


def test_a_flats_district_must_be_a_district_of_the_alliance(register):
    alliance, areas = register
    check_flat({**FLAT, "district": areas["A"]}, alliance=alliance)
    check_flat({**FLAT, "district": None}, alliance=alliance)  # not given: allowed
    for wrong in (areas["quarter"], areas["foreign"], alliance.area):
        with pytest.raises(ValidationError) as refused:
            check_flat({**FLAT, "district": wrong}, alliance=alliance)
        assert "district" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        check_flat({**FLAT, "postcode": "3411"})
    assert "postcode" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        check_flat({**FLAT, "street": ""})
    assert "street" in refused.value.message_dict
    # the form offers only the alliance's districts and refuses another area
    form = VacancyForm(alliance=alliance)
    assert list(form.fields["district"].queryset) == [areas[k] for k in "ABCD"]
    data = {**FLAT, "district": areas["foreign"].pk, "available_from": datetime.date.today(),
            "funding_path": "1"}  # fmt: skip
    posted = VacancyForm(data, alliance=alliance)
    assert not posted.is_valid() and "district" in posted.errors
