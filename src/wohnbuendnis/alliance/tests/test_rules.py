import datetime

import pytest
import time_machine

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.rules import roles_of
from wohnbuendnis.alliance.tests.factories import AllianceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_role_counts_only_in_its_alliance():
    membership = MembershipFactory(role=Role.COORDINATION)
    user, other = membership.person.user, AllianceFactory()
    assert user.has_perm("alliance.manage_members", membership.alliance)
    assert not user.has_perm("alliance.manage_members", other)
    assert not user.has_perm("alliance.view_internal", other)


def test_a_member_without_the_coordination_role_cannot_manage():
    membership = MembershipFactory(role=Role.LANDLORD)
    user = membership.person.user
    assert user.has_perm("alliance.view_internal", membership.alliance)
    assert not user.has_perm("alliance.manage_members", membership.alliance)
    assert not user.has_perm("alliance.manage_bodies", membership.alliance)


@time_machine.travel(datetime.date(2025, 6, 1), tick=False)
def test_an_ended_or_future_membership_grants_nothing():
    ended = MembershipFactory(since=datetime.date(2020, 1, 1), until=datetime.date(2025, 5, 31))
    future = MembershipFactory(since=datetime.date(2025, 6, 2))
    assert roles_of(ended.person.user, ended.alliance) == frozenset()
    assert not ended.person.user.has_perm("alliance.view_internal", ended.alliance)
    assert not future.person.user.has_perm("alliance.view_internal", future.alliance)


def test_inactive_users_and_the_public_have_no_roles():
    membership = MembershipFactory()
    user = membership.person.user
    user.is_active = False
    assert roles_of(user, membership.alliance) == frozenset()
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("alliance.view_internal", membership.alliance)
    assert AnonymousUser().has_perm("alliance.view_public_page", membership.alliance)


def test_superusers_see_every_alliance():
    admin = UserFactory(username="root", is_superuser=True)
    assert admin.has_perm("alliance.view_internal", AllianceFactory())
