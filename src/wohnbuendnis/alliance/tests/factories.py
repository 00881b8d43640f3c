"""factory_boy factories for alliances and people outside the demo data set."""

import datetime

import factory

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.accounts.tests.factories import UserFactory
from wohnbuendnis.alliance.models import Alliance, Membership, Organisation, Person, Sector
from wohnbuendnis.areas.models import Area, AreaLevel


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    level = AreaLevel.MUNICIPALITY
    key = factory.Sequence(lambda n: f"0641{n:04d}")
    name = factory.Sequence(lambda n: f"Gemeinde {n}")


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"Bündnis {n}")
    slug = factory.Sequence(lambda n: f"buendnis-{n}")
    area = factory.SubFactory(AreaFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.HOUSING_INDUSTRY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Beispiel{n}")
    user = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    alliance = factory.SubFactory(AllianceFactory)
    person = factory.SubFactory(PersonFactory)
    role = Role.MEMBER
    since = datetime.date(2024, 1, 1)
