"""Regional and state alliances (issue 15, item 1): municipalities as member organisations tied
to their area, alliances as members of the alliance above, the service desk – the services'
refusals in German, the history rows, the pages and who may open them."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.models import (
    Alliance,
    AllianceAffiliation,
    AllianceChange,
    ChangeAction,
    DataLicence,
    MemberOrganisation,
    Organisation,
    Sector,
)
from wohnbuendnis.alliance.tests.factories import PersonFactory
from wohnbuendnis.areas.models import Area, AreaLevel

DAY = datetime.date(2025, 1, 1)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def region(demo_alliance) -> Alliance:
    return Alliance.objects.get(slug="region-musterland")


@pytest.fixture
def state(demo_alliance) -> Alliance:
    """A state alliance above the demo's region; the city's coordinator coordinates it."""
    land = Area.objects.get(level=AreaLevel.STATE, key="99")
    alliance = services.found_alliance("Allianz für Wohnen", "land-test", land, founded=DAY)
    person = User.objects.get(username="koordination").person
    services.grant_role(alliance, person, Role.COORDINATION, DAY)
    return alliance


def _town(region: Alliance, key: str = "99100002") -> Area:
    return region.area.children.get(key=key)


# --- municipalities as members -----------------------------------------------------------------


def test_a_region_admits_its_municipality_tied_to_its_area(region):
    area = _town(region)
    member = services.admit_municipality(region, area, DAY)
    organisation = member.organisation
    assert (organisation.name, organisation.sector, organisation.area) == (
        f"Gemeinde {area.name}", Sector.ADMINISTRATION, area,
    )  # fmt: skip
    assert member.alliance == region and member.since == DAY
    actions = set(AllianceChange.objects.filter(alliance=region).values_list("action", flat=True))
    assert {ChangeAction.MUNICIPALITY_ADMITTED, ChangeAction.ADMITTED} <= actions


def test_default_name_and_change_notes_are_german_from_an_english_page(region):
    """The organisation's name and the change log are read by everyone later: they are written
    in the site's language, not in the language of the page that admitted the municipality."""
    area = _town(region)
    person = PersonFactory(first_name="Kim", last_name="Muster")
    with translation.override("en"):
        member = services.admit_municipality(region, area, DAY)
        services.set_licence(region, DataLicence.CC_ZERO)
        services.grant_role(region, person, Role.COORDINATION, DAY)
    assert member.organisation.name == f"Gemeinde {area.name}"
    granted = AllianceChange.objects.filter(action=ChangeAction.ROLE_GRANTED).order_by("pk").last()
    assert granted.subject.startswith("Kim Muster – Koordination (")
    change = AllianceChange.objects.get(alliance=region, action=ChangeAction.LICENCE_CHANGED)
    assert change.note == (
        "Datenlizenz Deutschland – Namensnennung – Version 2.0 → Creative Commons Zero (CC0 1.0)"
    )


def test_a_municipality_admitted_by_the_state_too_keeps_its_one_organisation(region, state):
    area = _town(region)
    first = services.admit_municipality(region, area, DAY).organisation
    second = services.admit_municipality(state, area, DAY).organisation
    assert first == second and Organisation.objects.filter(area=area).count() == 1


def test_a_municipality_is_admitted_once(region):
    services.admit_municipality(region, _town(region), DAY)
    with pytest.raises(ValidationError) as refused:
        services.admit_municipality(region, _town(region), DAY)
    assert "ist bereits Mitglied" in _messages(refused.value)
    assert MemberOrganisation.objects.filter(organisation__area=_town(region)).count() == 1


def test_an_area_that_is_no_municipality_is_refused(region, demo_alliance):
    district = demo_alliance.area.children.first()
    with pytest.raises(ValidationError) as refused:
        services.admit_municipality(region, district, DAY)
    assert "ist keine Gemeinde" in _messages(refused.value)


def test_a_municipality_of_another_region_is_refused(region):
    other = Area.objects.create(
        parent=region.area.parent, level=AreaLevel.REGION, key="99200", name="Nachbarkreis"
    )
    village = Area.objects.create(
        parent=other, level=AreaLevel.MUNICIPALITY, key="99200001", name="Fremddorf"
    )
    with pytest.raises(ValidationError) as refused:
        services.admit_municipality(region, village, DAY)
    assert "liegt nicht im Gebiet des Bündnisses" in _messages(refused.value)
    assert not Organisation.objects.filter(area=village).exists()


def test_a_city_alliance_admits_no_municipalities(demo_alliance):
    with pytest.raises(ValidationError) as refused:
        services.admit_municipality(demo_alliance, demo_alliance.area, DAY)
    assert "nur ein Bündnis eines Kreises" in _messages(refused.value)


def test_a_name_taken_by_an_organisation_without_area_is_refused(region):
    Organisation.objects.create(name="Gemeinde Auedorf", sector=Sector.ADMINISTRATION)
    with pytest.raises(ValidationError) as refused:
        services.admit_municipality(region, _town(region), DAY)
    assert "gibt es bereits" in _messages(refused.value)


# --- alliances as members of the alliance above -------------------------------------------------


def test_the_state_admits_the_region_and_the_city_and_both_keep_a_history(
    region, state, demo_alliance
):
    services.affiliate_alliance(state, region, DAY)
    services.affiliate_alliance(state, demo_alliance, DAY)
    assert set(state.member_alliances.active().values_list("member__slug", flat=True)) == {
        "region-musterland", "musterstadt",
    }  # fmt: skip
    row = services.end_affiliation(state, region, datetime.date(2025, 12, 31))
    assert row.until == datetime.date(2025, 12, 31)
    assert list(state.member_alliances.active(datetime.date(2026, 1, 1)).values_list(
        "member__slug", flat=True)) == ["musterstadt"]  # fmt: skip
    logged = AllianceChange.objects.filter(alliance=region).values_list("action", flat=True)
    assert {ChangeAction.AFFILIATED, ChangeAction.AFFILIATION_ENDED} <= set(logged)


def test_an_alliance_outside_the_area_is_refused(region, state):
    elsewhere = Area.objects.create(level=AreaLevel.STATE, key="98", name="Anderland")
    town = Area.objects.create(
        parent=elsewhere, level=AreaLevel.MUNICIPALITY, key="98000001", name="Fernstadt"
    )
    other = services.found_alliance("Bündnis Fernstadt", "fernstadt", town)
    with pytest.raises(ValidationError) as refused:
        services.affiliate_alliance(state, other, DAY)
    assert "liegt nicht innerhalb des Gebiets" in _messages(refused.value)
    with pytest.raises(ValidationError) as upwards:
        services.affiliate_alliance(region, state, DAY)  # the Land is not inside the region
    assert "liegt nicht innerhalb des Gebiets" in _messages(upwards.value)
    assert not AllianceAffiliation.objects.exists()


def test_an_alliance_is_no_member_of_itself_nor_of_a_city(region, state, demo_alliance):
    with pytest.raises(ValidationError) as itself:
        services.affiliate_alliance(state, state, DAY)
    assert "nicht Mitglied bei sich selbst" in _messages(itself.value)
    with pytest.raises(ValidationError) as city:
        services.affiliate_alliance(demo_alliance, region, DAY)
    assert "nur ein Bündnis eines Kreises" in _messages(city.value)


def test_a_second_open_membership_and_an_end_before_the_start_are_refused(region, state):
    services.affiliate_alliance(state, region, DAY)
    with pytest.raises(ValidationError) as twice:
        services.affiliate_alliance(state, region, DAY)
    assert "ist bereits Mitglied" in _messages(twice.value)
    with pytest.raises(ValidationError) as early:
        services.end_affiliation(state, region, DAY - datetime.timedelta(days=1))
    assert "Das Ende liegt vor dem Beginn" in _messages(early.value)


# --- the service desk ----------------------------------------------------------------------------


def test_the_service_desk_is_saved_with_its_history_and_shown_publicly(client, state):
    services.set_service_desk(
        state, contact="Servicestelle Wohnen", email="service@land.example", phone="0999 1"
    )
    change = AllianceChange.objects.get(alliance=state, action=ChangeAction.SERVICE_DESK_CHANGED)
    assert "Servicestelle Wohnen" in change.note
    page = client.get(reverse("site:alliance", args=[state.slug])).content.decode()
    assert "Servicestelle für die Gemeinden" in page and "service@land.example" in page


def test_a_bad_service_desk_is_refused(state):
    with pytest.raises(ValidationError) as bad:
        services.set_service_desk(state, contact="Servicestelle", email="keine-adresse")
    assert "keine gültige E-Mail-Adresse" in _messages(bad.value)
    with pytest.raises(ValidationError) as nameless:
        services.set_service_desk(state, contact="", phone="0999 1")
    assert "Bitte nennen Sie die Servicestelle" in _messages(nameless.value)
    state.refresh_from_db()
    assert state.service_desk_contact == ""


# --- pages ---------------------------------------------------------------------------------------


def _once(data: dict) -> dict:
    return {**data, "submission_token": str(uuid.uuid4())}


def test_gemeinde_aufnehmen_sent_twice_admits_once(client, state):
    client.force_login(User.objects.get(username="koordination"))
    url = reverse("alliance:municipality_admit", args=[state.slug])
    town = Area.objects.get(key="99100003")
    page = client.get(url).content.decode()
    assert f"{town.name} ({town.key})" in page
    form = _once({"area": town.pk, "since": "2025-02-01"})
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == second.status_code == 302
    assert MemberOrganisation.objects.filter(alliance=state, organisation__area=town).count() == 1
    listing = client.get(reverse("alliance:organisations", args=[state.slug])).content.decode()
    assert f"Gemeinde {town.name}" in listing and town.key in listing


def test_a_member_alliance_is_added_and_ended_on_the_pages(client, state, region):
    client.force_login(User.objects.get(username="koordination"))
    add = reverse("alliance:affiliation_add", args=[state.slug])
    assert client.post(add, _once({"member": region.pk, "since": "2025-02-01"})).status_code == 302
    row = AllianceAffiliation.objects.get(parent=state, member=region)
    end = reverse("alliance:affiliation_end", args=[state.slug, row.pk])
    refused = client.post(end, {"until": "2025-01-01"})
    assert refused.status_code == 200
    assert "Das Ende liegt vor dem Beginn" in refused.content.decode()
    assert client.post(end, {"until": "2025-06-30"}).status_code == 302
    row.refresh_from_db()
    assert row.until == datetime.date(2025, 6, 30)
    listing = client.get(reverse("alliance:affiliations", args=[state.slug])).content.decode()
    assert region.name in listing and "30.06.2025" in listing


def test_the_service_desk_page_keeps_a_refused_entry(client, state):
    client.force_login(User.objects.get(username="koordination"))
    url = reverse("alliance:service_desk", args=[state.slug])
    refused = client.post(url, {"contact": "", "email": "", "phone": "0999 123"})
    assert refused.status_code == 200 and "0999 123" in refused.content.decode()
    done = client.post(url, {"contact": "Servicestelle", "email": "", "phone": "0999 123"})
    assert done.status_code == 302
    state.refresh_from_db()
    assert (state.service_desk_contact, state.service_desk_phone) == ("Servicestelle", "0999 123")


# --- who may open the new pages ---------------------------------------------------------------

ALL = [*Role.values, "oeffentlichkeit"]
# In the demo's base the regional alliance's members among the logins; in the fixture above the
# state alliance's coordinator is the city's "koordination".
REGIONAL = {"fachamt", "vermieter", "mitglied"}


def _matrix(region: Alliance, state: Alliance) -> list[tuple[str, str, set[str]]]:
    """(name, url, personas that may open it)."""
    row = services.affiliate_alliance(state, region, DAY)
    coordination = {"koordination"}
    return [
        ("overview (region)", reverse("site:overview", args=[region.slug]), REGIONAL),
        ("overview map (region)", reverse("site:overview_map", args=[region.slug]), REGIONAL),
        ("overview (state)", reverse("site:overview", args=[state.slug]), coordination),
        ("overview map (state)", reverse("site:overview_map", args=[state.slug]), coordination),
        ("affiliations (region)", reverse("alliance:affiliations", args=[region.slug]), REGIONAL),
        ("affiliations (state)", reverse("alliance:affiliations", args=[state.slug]), coordination),
        ("affiliation add", reverse("alliance:affiliation_add", args=[state.slug]), coordination),
        ("affiliation end", reverse("alliance:affiliation_end", args=[state.slug, row.pk]),
         coordination),
        ("admit municipality (region)",
         reverse("alliance:municipality_admit", args=[region.slug]), set()),
        ("admit municipality (state)",
         reverse("alliance:municipality_admit", args=[state.slug]), coordination),
        ("service desk (region)", reverse("alliance:service_desk", args=[region.slug]), set()),
        ("service desk (state)", reverse("alliance:service_desk", args=[state.slug]), coordination),
        ("public page (state)", reverse("site:alliance", args=[state.slug]), set(ALL)),
    ]  # fmt: skip


@pytest.mark.parametrize("persona", ALL, indirect=True)
def test_the_new_pages_open_only_to_the_roles_that_may_see_them(client, persona, region, state):
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    for page, url, allowed in _matrix(region, state):
        response = client.get(url)
        if name in allowed:
            assert response.status_code == 200, (name, page)
        elif persona is None:
            assert response.status_code == 302, (name, page)
            assert response.url.startswith(reverse("login")), (name, page)
        else:
            assert response.status_code == 403, (name, page)


def test_a_city_alliance_has_no_overview_nor_municipalities_to_admit(client, demo_alliance):
    client.force_login(User.objects.get(username="koordination"))
    for name in ("site:overview", "alliance:municipality_admit", "alliance:affiliation_add"):
        assert client.get(reverse(name, args=[demo_alliance.slug])).status_code == 404, name
