"""factory_boy factories for a small register outside the demo: an alliance whose city has
districts, households, flats, and placements with known dates (the places' hand counts)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from wohnbuendnis.alliance.tests.factories import (
    AllianceFactory,
    AreaFactory,
    OrganisationFactory,
)
from wohnbuendnis.allocation.models import (
    Flat,
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    HouseholdType,
    Nomination,
    NominationStatus,
    PriorityScheme,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.areas.models import AreaLevel


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


class DistrictFactory(AreaFactory):
    level = AreaLevel.DISTRICT
    key = factory.Sequence(lambda n: f"{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Stadtteil {n}")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    alliance = factory.SubFactory(AllianceFactory)
    reference = factory.Sequence(lambda n: f"T-{n:07d}")
    name = factory.Sequence(lambda n: f"Testhaushalt {n}")
    registered_on = datetime.date(2025, 1, 1)
    persons = 2
    income_eur = Decimal(15000)
    household_type = HouseholdType.COUPLE
    nationality_group = "deutsch"
    status_changed_at = factory.LazyAttribute(lambda h: moment(h.registered_on))


class FlatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flat

    alliance = factory.SubFactory(AllianceFactory)
    landlord = factory.SubFactory(OrganisationFactory)
    label = "Teststraße 1, EG"
    street = "Teststraße"
    house_number = "1"
    postcode = "34117"
    rooms = Decimal(2)
    area_m2 = Decimal(55)
    rent_gross_eur = Decimal(600)
    bound_until = datetime.date(2045, 12, 31)


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityScheme
        django_get_or_create = ("alliance", "version")

    alliance = factory.SubFactory(AllianceFactory)
    version = 1
    decided_on = datetime.date(2024, 6, 1)
    decided_by = "Plenum"
    toml = "# Test"
    sha256 = "0" * 64


def emergency(household: Household, criterion: str = "homeless", *, checked=True, confirmed=True):
    """Claim an emergency criterion for the household (checked and confirmed by default)."""
    return HouseholdCriterion.objects.create(
        household=household, criterion=criterion, confirmed=confirmed,
        checked_at=moment(household.registered_on) if checked else None,
    )  # fmt: skip


def house(household: Household, day: datetime.date, district=None, *, landlord=None) -> None:
    """The household is housed on ``day``: through an accepted nomination for a let flat in
    ``district`` (reported a month before), or without one (``district`` is "none")."""
    if district != "none":
        flat = FlatFactory(
            alliance=household.alliance, district=district,
            **({"landlord": landlord} if landlord else {}),
        )  # fmt: skip
        reported = day - datetime.timedelta(days=30)
        vacancy = Vacancy.objects.create(
            flat=flat, available_from=reported, reported_on=reported,
            status=VacancyStatus.LET, let_on=day,
        )  # fmt: skip
        Nomination.objects.create(
            vacancy=vacancy, household=household, rank=1, points=0,
            scheme=SchemeFactory(alliance=household.alliance), nominated_on=reported,
            deadline=day, status=NominationStatus.ACCEPTED, decided_at=moment(day),
        )  # fmt: skip
    household.status, household.status_changed_at = HouseholdStatus.HOUSED, moment(day)
    household.save(update_fields=["status", "status_changed_at"])
