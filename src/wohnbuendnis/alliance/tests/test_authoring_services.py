"""The services a coordinator writes the alliance with: happy paths and refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import (
    BodyKind,
    MemberOrganisation,
    Membership,
    Organisation,
    Person,
    Sector,
)
from wohnbuendnis.alliance.tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 1, 1)


def test_a_new_organisation_is_admitted_and_its_name_cannot_be_taken_twice():
    alliance = AllianceFactory()
    member = services.admit_new_organisation(
        alliance, name="GWG Kassel", sector=Sector.HOUSING_INDUSTRY, since=DAY
    )
    assert (member.organisation.name, member.since) == ("GWG Kassel", DAY)
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.admit_new_organisation(
            alliance, name="gwg kassel ", sector=Sector.POLITICS, since=DAY
        )
    assert Organisation.objects.get().sector == Sector.HOUSING_INDUSTRY


def test_an_organisation_needs_a_name_and_a_known_sector():
    alliance = AllianceFactory()
    with pytest.raises(ValidationError, match="Namen"):
        services.admit_new_organisation(alliance, name=" ", sector=Sector.POLITICS, since=DAY)
    with pytest.raises(ValidationError, match="Bereich"):
        services.admit_new_organisation(alliance, name="X", sector="sonstiges", since=DAY)
    assert not Organisation.objects.exists()


def test_renaming_an_organisation_onto_another_name_is_refused():
    first, second = OrganisationFactory(name="A"), OrganisationFactory(name="B")
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.update_organisation(second, name="a", sector=Sector.POLITICS)
    updated = services.update_organisation(
        second, name="B e. V.", sector=Sector.SOCIAL_ECONOMY, website="https://b.example"
    )
    assert (updated.name, updated.sector) == ("B e. V.", Sector.SOCIAL_ECONOMY)
    first.refresh_from_db()
    assert first.name == "A"


def test_an_organisation_leaves_and_the_roles_on_its_behalf_end_with_it():
    alliance, organisation = AllianceFactory(), OrganisationFactory()
    services.admit_organisation(alliance, organisation, DAY)
    person = PersonFactory()
    person.organisations.add(organisation)
    role = services.grant_role(alliance, person, Role.LANDLORD, DAY, organisation)
    own = services.grant_role(alliance, person, Role.MEMBER, DAY)
    end = datetime.date(2025, 6, 30)
    with pytest.raises(ValidationError, match="vor dem Beginn"):
        services.organisation_leaves(alliance, organisation, DAY - datetime.timedelta(days=1))
    left = services.organisation_leaves(alliance, organisation, end)
    assert left.until == end
    role.refresh_from_db()
    own.refresh_from_db()
    assert (role.until, own.until) == (end, None)
    with pytest.raises(ValidationError, match="kein Mitglied"):
        services.organisation_leaves(alliance, organisation, end)
    assert MemberOrganisation.objects.count() == 1  # kept as history
    services.admit_organisation(alliance, organisation, datetime.date(2026, 1, 1))  # may rejoin


def test_a_role_with_an_end_and_overlapping_periods():
    membership = MembershipFactory(role=Role.LANDLORD, since=DAY, until=datetime.date(2025, 3, 31))
    alliance, person = membership.alliance, membership.person
    with pytest.raises(ValidationError, match="in diesem Zeitraum bereits"):
        services.grant_role(alliance, person, Role.LANDLORD, datetime.date(2025, 3, 1))
    with pytest.raises(ValidationError, match="vor dem Beginn"):
        services.grant_role(alliance, person, Role.MEMBER, DAY, until=DAY - datetime.timedelta(1))
    later = services.grant_role(alliance, person, Role.LANDLORD, datetime.date(2025, 4, 1))
    assert later.until is None
    ended = services.revoke_role(later, datetime.date(2025, 12, 31))
    assert ended.until == datetime.date(2025, 12, 31)
    assert Membership.objects.filter(person=person).count() == 2


def test_a_person_with_an_email_address_another_person_has_is_refused():
    services.create_person(first_name="Lukas", last_name="Kiepe", email="lk@kassel.example")
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.create_person(first_name="L.", last_name="Kiepe", email="LK@kassel.example")
    other = services.create_person(first_name="Anna", last_name="Berg")
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.update_person(
            other, first_name="Anna", last_name="Berg", email="lk@kassel.example"
        )
    with pytest.raises(ValidationError, match="Vor- und Nachnamen"):
        services.update_person(other, first_name="", last_name="Berg")
    assert Person.objects.count() == 2


def test_enrolling_a_person_gives_the_role_and_joins_the_organisation():
    alliance, organisation = AllianceFactory(), OrganisationFactory()
    services.admit_organisation(alliance, organisation, DAY)
    person = services.enrol_person(
        alliance,
        first_name="Anna",
        last_name="Berg",
        email="ab@gwg.example",
        role=Role.LANDLORD,
        since=DAY,
        on_behalf_of=organisation,
    )
    assert list(person.organisations.all()) == [organisation]
    assert person.memberships.get().organisation == organisation


def test_an_invitation_creates_the_account_and_mails_a_working_link(mailoutbox, client):
    alliance = AllianceFactory(name="Kasseler Bündnis")
    person = services.create_person(first_name="Anna", last_name="Berg", email="ab@x.example")
    services.grant_role(alliance, person, Role.MEMBER, DAY)
    user = services.invite_person(alliance, person, "http://testserver/")
    assert (user.username, user.has_usable_password()) == ("ab", False)
    (mail,) = mailoutbox
    assert mail.to == ["ab@x.example"] and "Kasseler Bündnis" in mail.subject
    link = next(w for w in mail.body.split() if w.startswith("http://testserver/"))
    page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "Neues Passwort setzen" in page.content.decode()
    services.invite_person(alliance, person, "http://testserver/")  # a new link, same account
    assert len(mailoutbox) == 2 and person.__class__.objects.get(pk=person.pk).user == user
    user.set_password("gesetzt-123456")
    user.save()
    with pytest.raises(ValidationError, match="mit Passwort"):
        services.invite_person(alliance, person, "http://testserver/")


def test_an_invitation_needs_an_email_address_and_a_free_username():
    person = PersonFactory(user=None, email="")
    with pytest.raises(ValidationError, match="E-Mail-Adresse"):
        services.create_account(person)
    person.email = "kim@x.example"
    person.save()
    taken = services.create_account(PersonFactory(user=None, email="kim@y.example"))
    assert taken.username == "kim"
    assert services.create_account(person).username == "kim2"  # derived names never clash
    third = PersonFactory(user=None, email="z@z.example")
    with pytest.raises(ValidationError, match="Benutzernamen „kim“"):
        services.create_account(third, "Kim")  # a chosen one that is taken is refused


def test_bodies_are_created_and_edited_without_duplicate_names():
    alliance = AllianceFactory()
    chair, member = PersonFactory(), PersonFactory()
    plenum = services.create_body(alliance, BodyKind.PLENUM, "Plenum", members=[member])
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.create_body(alliance, BodyKind.WORKING_GROUP, "plenum")
    ag = services.create_body(alliance, BodyKind.WORKING_GROUP, "Innenentwicklung")
    assert (plenum.position, ag.position) == (0, 1)
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.update_body(ag, kind=BodyKind.WORKING_GROUP, name="Plenum")
    ag = services.update_body(
        ag, kind=BodyKind.WORKING_GROUP, name="Innenentwicklung", short_name="AG 1",
        chairs=[chair], members=[member],
    )  # fmt: skip
    assert set(ag.members.all()) == {chair, member} and list(ag.chairs.all()) == [chair]
    services.set_body_members(ag, chairs=[], members=[member])
    assert list(ag.members.all()) == [member] and not ag.chairs.exists()
    with pytest.raises(ValidationError, match="Art"):
        services.create_body(alliance, "beirat", "Beirat")


def test_a_slug_that_exists_is_refused():
    alliance = AllianceFactory(slug="kassel")
    with pytest.raises(ValidationError, match="gibt es bereits"):
        services.found_alliance("Noch eins", "kassel", alliance.area)
    with pytest.raises(ValidationError, match="ungültig"):
        services.found_alliance("Noch eins", "Kassel Stadt", alliance.area)
