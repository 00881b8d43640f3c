import datetime

import pytest
from django.core.exceptions import ValidationError

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import BodyKind, Membership
from wohnbuendnis.alliance.tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 1, 1)


def test_an_organisation_cannot_be_admitted_twice():
    alliance, organisation = AllianceFactory(), OrganisationFactory()
    services.admit_organisation(alliance, organisation, DAY)
    with pytest.raises(ValidationError, match="bereits Mitglied"):
        services.admit_organisation(alliance, organisation, DAY)


def test_a_role_on_behalf_of_a_foreign_organisation_is_refused():
    alliance, person = AllianceFactory(), PersonFactory()
    with pytest.raises(ValidationError, match="gehört nicht zu"):
        services.grant_role(alliance, person, Role.LANDLORD, DAY, OrganisationFactory())
    assert not Membership.objects.exists()


def test_the_same_open_role_twice_is_refused():
    membership = MembershipFactory()
    with pytest.raises(ValidationError, match="bereits"):
        services.grant_role(membership.alliance, membership.person, membership.role, DAY)


def test_ending_a_membership_keeps_it_as_history():
    membership = MembershipFactory(since=DAY)
    with pytest.raises(ValidationError, match="vor dem Beginn"):
        services.end_membership(membership, DAY - datetime.timedelta(days=1))
    ended = services.end_membership(membership, datetime.date(2025, 12, 31))
    assert ended.until == datetime.date(2025, 12, 31)
    with pytest.raises(ValidationError, match="bereits beendet"):
        services.end_membership(ended, datetime.date(2026, 1, 1))
    assert Membership.objects.count() == 1


def test_chairs_of_a_body_are_always_members():
    alliance = AllianceFactory()
    chair, member = PersonFactory(), PersonFactory()
    body = services.create_body(
        alliance, BodyKind.WORKING_GROUP, "AG Test", chairs=[chair], members=[member]
    )
    assert set(body.members.all()) == {chair, member}
    assert list(body.chairs.all()) == [chair]
