"""The coordinator's pages: what they write, that input survives an error, no double entries."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import Body, BodyKind, Membership, Organisation, Person, Sector
from wohnbuendnis.alliance.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    membership = MembershipFactory(role=Role.COORDINATION)
    client.force_login(membership.person.user)
    return membership


def _once(data: dict) -> dict:
    """A create form as the page renders it: with a fresh one-time token."""
    return {**data, "submission_token": str(uuid.uuid4())}


def _url(name, alliance, *args):
    return reverse(f"alliance:{name}", args=[alliance.slug, *args])


ADMIT = {"name": "GWG der Stadt Kassel", "sector": Sector.HOUSING_INDUSTRY, "since": "2025-01-01"}


def test_a_double_submit_of_admit_organisation_creates_one_organisation(client, coordinator):
    alliance = coordinator.alliance
    form = _once(ADMIT)
    first = client.post(_url("organisation_admit", alliance), form)
    assert first.status_code == 302
    second = client.post(_url("organisation_admit", alliance), form)
    assert second.status_code == 302 and second.url == first.url
    assert Organisation.objects.filter(name=ADMIT["name"]).count() == 1
    assert alliance.member_organisations.count() == 1
    # a new form with the same name is refused by the service, with its reason
    again = client.post(_url("organisation_admit", alliance), _once(ADMIT))
    assert again.status_code == 200 and "gibt es bereits" in again.content.decode()


def test_gremium_anlegen_sent_twice_creates_one_body(client, coordinator):
    alliance = coordinator.alliance
    page = client.get(_url("body_create", alliance)).content.decode()
    assert 'name="submission_token"' in page
    form = _once({"kind": BodyKind.PLENUM, "name": "Plenum"})
    first = client.post(_url("body_create", alliance), form)
    body = Body.objects.get()
    assert first.url == _url("body", alliance, body.pk)
    second = client.post(_url("body_create", alliance), form)
    assert second.status_code == 302 and second.url == first.url
    assert Body.objects.count() == 1


def test_a_person_form_sent_twice_creates_and_invites_once(client, coordinator, mailoutbox):
    alliance = coordinator.alliance
    form = _once({"first_name": "Anna", "last_name": "Berg", "email": "anna@gwg.example",
                  "role": Role.LANDLORD, "since": "2025-02-01", "invite": "on"})  # fmt: skip
    first = client.post(_url("person_create", alliance), form)
    second = client.post(_url("person_create", alliance), form)
    assert second.status_code == 302 and second.url == first.url
    assert Person.objects.filter(last_name="Berg").count() == 1 and len(mailoutbox) == 1


def test_the_list_page_links_to_the_authoring_pages_for_the_coordination_only(client, coordinator):
    alliance = coordinator.alliance
    for page, link in (
        ("organisations", "Organisation aufnehmen"),
        ("people", "Person anlegen oder einladen"),
        ("bodies", "Gremium anlegen"),
    ):
        assert link in client.get(_url(page, alliance)).content.decode()
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER).person.user
    client.force_login(member)
    assert (
        "Organisation aufnehmen" not in client.get(_url("organisations", alliance)).content.decode()
    )


def test_a_refused_form_keeps_what_was_typed(client, coordinator):
    OrganisationFactory(name="Vorhanden")
    typed = {**ADMIT, "name": "Vorhanden", "short_name": "VH", "website": "https://vh.example"}
    html = client.post(
        _url("organisation_admit", coordinator.alliance), _once(typed)
    ).content.decode()
    assert 'value="VH"' in html and 'value="https://vh.example"' in html
    assert re.search(r'value="wohnungswirtschaft" id="id_sector_\d+" checked', html)


def test_edit_and_leave_an_organisation(client, coordinator):
    alliance = coordinator.alliance
    member = services.admit_new_organisation(
        alliance, name="Mieterbund", sector=Sector.INTEREST_GROUP, since=coordinator.since
    )
    org = member.organisation
    data = {"name": "Mieterbund Kassel", "sector": Sector.INTEREST_GROUP, "short_name": "DMB"}
    assert client.post(_url("organisation_edit", alliance, org.pk), data).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.short_name) == ("Mieterbund Kassel", "DMB")
    leave = client.post(_url("organisation_leave", alliance, org.pk), {"until": "2025-12-31"})
    assert leave.status_code == 302
    assert not alliance.member_organisations.active(
        on=coordinator.since.replace(year=2026)
    ).exists()
    assert client.get(_url("organisation_edit", alliance, org.pk)).status_code == 404


def test_a_person_is_created_with_a_role_and_invited_by_email(client, coordinator, mailoutbox):
    alliance = coordinator.alliance
    data = {
        "first_name": "Anna",
        "last_name": "Berg",
        "email": "anna.berg@gwg.example",
        "role": Role.LANDLORD,
        "since": "2025-02-01",
        "invite": "on",
    }
    response = client.post(_url("person_create", alliance), _once(data))
    assert response.status_code == 302
    person = Person.objects.get(last_name="Berg")
    assert person.user.username == "anna.berg" and not person.user.has_usable_password()
    assert alliance.memberships.get(person=person).role == Role.LANDLORD
    (mail,) = mailoutbox
    assert mail.to == ["anna.berg@gwg.example"] and "/konto/passwort-neu/" in mail.body


def _members(alliance, *names):
    return [
        services.admit_new_organisation(
            alliance, name=name, sector=Sector.HOUSING_INDUSTRY, since=datetime.date(2025, 1, 1)
        ).organisation
        for name in names
    ]


def test_a_role_is_held_for_the_one_organisation_ticked(client, coordinator):
    """ "für Organisation" left empty: with exactly one organisation ticked the role is held
    for it (so the person can enter positions and sign for it), with two for none."""
    alliance = coordinator.alliance
    gwg, diakonie = _members(alliance, "GWG der Stadt Kassel", "Diakonie Hessen")
    for last_name, ticked, held_for in [("Berg", [gwg], gwg), ("Ost", [gwg, diakonie], None)]:
        data = {"first_name": "Anna", "last_name": last_name, "role": Role.LANDLORD,
                "since": "2025-02-01", "organisations": [o.pk for o in ticked]}  # fmt: skip
        assert client.post(_url("person_create", alliance), _once(data)).status_code == 302
        membership = alliance.memberships.get(person__last_name=last_name)
        assert membership.organisation == held_for
    chosen = {"first_name": "Cem", "last_name": "Wahl", "role": Role.LANDLORD,
              "since": "2025-02-01", "organisations": [gwg.pk],
              "on_behalf_of": diakonie.pk}  # fmt: skip
    client.post(_url("person_create", alliance), _once(chosen))
    assert alliance.memberships.get(person__last_name="Wahl").organisation == diakonie


def test_the_grant_form_preselects_the_persons_only_organisation(client, coordinator):
    alliance = coordinator.alliance
    (gwg,) = _members(alliance, "GWG der Stadt Kassel")
    person = services.enrol_person(
        alliance, role=Role.MEMBER, since=datetime.date(2025, 1, 1), organisations=[gwg],
        first_name="Anna", last_name="Berg",
    )  # fmt: skip
    html = client.get(_url("person", alliance, person.pk)).content.decode()
    assert re.search(rf'<option value="{gwg.pk}" selected>', html)
    coordinator_page = client.get(_url("person", alliance, coordinator.person.pk)).content.decode()
    assert "selected>GWG" not in coordinator_page  # no organisation of their own: none chosen


def test_an_invitation_without_email_keeps_the_input_and_writes_nothing(client, coordinator):
    data = {"first_name": "Ohne", "last_name": "Mail", "role": Role.MEMBER, "since": "2025-01-01",
            "invite": "on", "title": "Referentin"}  # fmt: skip
    html = client.post(_url("person_create", coordinator.alliance), _once(data)).content.decode()
    assert "braucht die Person eine E-Mail-Adresse" in html and 'value="Referentin"' in html
    assert not Person.objects.filter(last_name="Mail").exists()


def test_grant_and_revoke_a_role_on_the_person_page(client, coordinator):
    alliance, person = coordinator.alliance, coordinator.person
    page = _url("person", alliance, person.pk)
    assert "Rolle vergeben" in client.get(page).content.decode()
    grant = {"role": Role.SPECIALIST_OFFICE, "since": "2025-01-01", "until": "2025-12-31"}
    assert client.post(_url("role_grant", alliance, person.pk), grant).status_code == 302
    added = alliance.memberships.get(person=person, role=Role.SPECIALIST_OFFICE)
    assert str(added.until) == "2025-12-31"
    again = client.post(_url("role_grant", alliance, person.pk), grant)
    assert "in diesem Zeitraum bereits" in again.content.decode()
    other = MembershipFactory(alliance=alliance, role=Role.MEMBER)
    revoke = _url("role_revoke", alliance, other.person.pk, other.pk)
    assert client.post(revoke, {"until": "2020-01-01"}).status_code == 302  # before since
    other.refresh_from_db()
    assert other.until is None
    client.post(revoke, {"until": "2025-06-30"})
    other.refresh_from_db()
    assert str(other.until) == "2025-06-30"
    assert Membership.objects.filter(person=other.person).count() == 1


def test_people_of_another_alliance_are_out_of_reach(client, coordinator):
    stranger = MembershipFactory(role=Role.MEMBER)  # another alliance
    url = _url("person", coordinator.alliance, stranger.person.pk)
    assert client.get(url).status_code == 404
    revoke = _url("role_revoke", coordinator.alliance, stranger.person.pk, stranger.pk)
    assert client.post(revoke, {"until": "2025-06-30"}).status_code == 404


def test_create_and_edit_a_body_with_chairs_and_members(client, coordinator):
    alliance, chair = coordinator.alliance, coordinator.person
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER).person
    data = {"kind": BodyKind.WORKING_GROUP, "name": "Innenentwicklung", "short_name": "AG 1",
            "chairs": [chair.pk], "members": [member.pk]}  # fmt: skip
    assert client.post(_url("body_create", alliance), _once(data)).status_code == 302
    body = Body.objects.get()
    assert set(body.members.all()) == {chair, member} and list(body.chairs.all()) == [chair]
    twice = client.post(_url("body_create", alliance), _once(data))
    assert "gibt es bereits" in twice.content.decode() and Body.objects.count() == 1
    edit = {**data, "name": "Innenentwicklung und Bauland", "chairs": [member.pk], "members": []}
    assert client.post(_url("body_edit", alliance, body.pk), edit).status_code == 302
    body.refresh_from_db()
    assert body.name == "Innenentwicklung und Bauland"
    assert list(body.members.all()) == [member] and list(body.chairs.all()) == [member]


def test_the_django_admin_does_not_write_alliance_data(client, coordinator):
    from wohnbuendnis.accounts.models import User

    client.force_login(User.objects.create_superuser("it", "it@x.example", "pw-123456789"))
    assert client.get(reverse("admin:alliance_organisation_add")).status_code == 403
    org = OrganisationFactory()
    change = client.post(reverse("admin:alliance_organisation_change", args=[org.pk]),
                         {"name": "Überschrieben", "sector": Sector.POLITICS})  # fmt: skip
    assert change.status_code == 403
    org.refresh_from_db()
    assert org.name != "Überschrieben"
    assert client.get(reverse("admin:alliance_organisation_changelist")).status_code == 200


def test_an_organisation_of_another_alliance_is_admitted_by_choosing_it(client, coordinator):
    known = OrganisationFactory(name="Diakonie Hessen")
    alliance = coordinator.alliance
    empty = client.post(_url("organisation_admit", alliance), _once({"since": "2025-01-01"}))
    assert "Dieses Feld ist zwingend erforderlich" in empty.content.decode()
    chosen = {"existing": known.pk, "since": "2025-01-01"}
    assert client.post(_url("organisation_admit", alliance), _once(chosen)).status_code == 302
    assert alliance.member_organisations.get().organisation == known
    assert Organisation.objects.count() == 1
    form = client.get(_url("organisation_admit", alliance)).content.decode()
    assert ">Diakonie Hessen</option>" not in form  # a member is not offered again


def test_every_change_leaves_an_audit_row_with_who_and_what_it_was_before(client, coordinator):
    from wohnbuendnis.alliance.models import AllianceChange, ChangeAction

    alliance, user = coordinator.alliance, coordinator.person.user
    client.post(_url("organisation_admit", alliance), _once(ADMIT))
    org = Organisation.objects.get(name=ADMIT["name"])
    edit = {"name": "GWG Kassel", "sector": Sector.HOUSING_INDUSTRY}
    client.post(_url("organisation_edit", alliance, org.pk), edit)
    client.post(_url("body_create", alliance), _once({"kind": BodyKind.PLENUM, "name": "Plenum"}))
    body = Body.objects.get()
    members = {"kind": BodyKind.PLENUM, "name": "Plenum", "members": [coordinator.person.pk]}
    client.post(_url("body_edit", alliance, body.pk), members)
    rows = list(AllianceChange.objects.order_by("id"))
    assert [(r.action, r.by, r.alliance) for r in rows] == [
        (ChangeAction.ADMITTED, user, alliance),
        (ChangeAction.ORGANISATION_CHANGED, user, alliance),
        (ChangeAction.BODY_CREATED, user, alliance),
        (ChangeAction.BODY_CHANGED, user, alliance),
    ]
    assert rows[1].note == "name: GWG der Stadt Kassel → GWG Kassel"
    assert "vorher Leitung: –\nMitglieder: –" in rows[3].note
    assert str(coordinator.person) in rows[3].note.split("jetzt")[1]


def test_einladen_clicked_twice_sends_one_mail(client, coordinator, mailoutbox):
    alliance = coordinator.alliance
    person = MembershipFactory(
        alliance=alliance, role=Role.MEMBER, person__user=None, person__email="kim@example.org"
    ).person
    page = client.get(_url("person", alliance, person.pk)).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    first = client.post(_url("person_invite", alliance, person.pk), {"submission_token": token})
    second = client.post(_url("person_invite", alliance, person.pk), {"submission_token": token})
    assert first.status_code == second.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [person.email]
    person.refresh_from_db()
    assert person.user is not None and not person.user.has_usable_password()
    # a fresh page may send a new link (the first one was lost, say)
    client.post(_url("person_invite", alliance, person.pk), _once({}))
    assert len(mailoutbox) == 2
