"""Two coordinators doing the same at the same moment: one wins, the other gets a message,
nothing is duplicated. Needs real row locks, so it runs on PostgreSQL only."""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.db import connection

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import Body, BodyKind, MemberOrganisation, Organisation, Sector
from wohnbuendnis.alliance.tests.factories import AllianceFactory, OrganisationFactory
from wohnbuendnis.lib.race_testing import at_once

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")


def test_admitting_the_same_new_organisation_at_once_creates_one():
    alliance = AllianceFactory()
    admit = partial(
        services.admit_new_organisation,
        alliance, name="GWG Kassel", sector=Sector.HOUSING_INDUSTRY, since=DAY,
    )  # fmt: skip
    assert sorted(at_once(admit, admit)) == ["ok", "refused"]
    assert Organisation.objects.filter(name="GWG Kassel").count() == 1
    assert MemberOrganisation.objects.count() == 1


def test_admitting_an_existing_organisation_at_once_gives_one_membership():
    alliance, organisation = AllianceFactory(), OrganisationFactory()
    days = (DAY, DAY + datetime.timedelta(days=1))  # different days: no unique clash to save us
    calls = [partial(services.admit_organisation, alliance, organisation, day) for day in days]
    assert sorted(at_once(*calls)) == ["ok", "refused"]
    assert MemberOrganisation.objects.filter(until__isnull=True).count() == 1


def test_creating_the_same_body_at_once_creates_one():
    alliance = AllianceFactory()
    create = partial(services.create_body, alliance, BodyKind.PLENUM, "Plenum")
    assert sorted(at_once(create, create)) == ["ok", "refused"]
    assert Body.objects.count() == 1
