"""Which persona may open which page: the role × page matrix of docs/roles-and-permissions.md."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.roles import Role

PERSONAS = list(Role.values)  # the demo logins are named after the roles


ALL = [*PERSONAS, "oeffentlichkeit"]
# Demo logins that also hold a role in the regional alliance (the others do not).
REGIONAL = {"fachamt", "vermieter", "mitglied"}


def _pages(city, region):
    org = city.member_organisations.first().organisation_id
    body = city.bodies.get(name="Plenum").pk
    area = city.area_id
    public = {
        "start": reverse("start"),
        "alliances": reverse("site:alliances"),
        "alliance_public": reverse("site:alliance", args=[city.slug]),
        "areas": reverse("areas:list"),
        "area": reverse("areas:detail", args=[area]),
        "accessibility": reverse("site:accessibility"),
    }
    internal = {
        "organisations": reverse("alliance:organisations", args=[city.slug]),
        "organisation": reverse("alliance:organisation", args=[city.slug, org]),
        "people": reverse("alliance:people", args=[city.slug]),
        "bodies": reverse("alliance:bodies", args=[city.slug]),
        "body": reverse("alliance:body", args=[city.slug, body]),
    }
    regional = {
        "region_people": reverse("alliance:people", args=[region.slug]),
        "region_bodies": reverse("alliance:bodies", args=[region.slug]),
    }
    return public, internal, regional


def _expected(persona: str, group: str) -> int:
    if group == "public":
        return 200
    if persona == "oeffentlichkeit":
        return 302
    if group == "regional":
        return 200 if persona in REGIONAL else 403
    return 200


@pytest.mark.parametrize("persona", ALL, indirect=True)
def test_pages_open_only_to_the_roles_that_may_see_them(client, persona, demo_alliance):
    from wohnbuendnis.alliance.models import Alliance

    region = Alliance.objects.get(slug="region-musterland")
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    public, internal, regional = _pages(demo_alliance, region)
    for group, pages in (("public", public), ("internal", internal), ("regional", regional)):
        for page, url in pages.items():
            response = client.get(url)
            assert response.status_code == _expected(name, group), (name, page, url)
            if response.status_code == 302:
                assert response.url.startswith(reverse("login")), (name, page)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_no_persona_reaches_the_django_admin(client, persona):
    client.force_login(persona)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_admin_reaches_the_django_admin(client, demo_alliance):
    from wohnbuendnis.accounts.models import User

    client.force_login(User.objects.get(username="admin"))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("alliance:people", args=["region-musterland"])).status_code == 200


def test_public_pages_hold_no_personal_data(client, demo_alliance):
    """Names and e-mail addresses of the people stay on internal pages."""
    from wohnbuendnis.alliance.models import Person

    html = client.get(reverse("site:alliance", args=[demo_alliance.slug])).content.decode()
    for person in Person.objects.all():
        assert person.last_name not in html or person.last_name in demo_alliance.name
        assert person.email not in html
    assert "Diakonisches Werk Musterstadt" in html  # organisations are public


def test_people_page_shows_contacts_to_members(client, mitglied, demo_alliance):
    from wohnbuendnis.alliance.models import Person

    client.force_login(mitglied)
    html = client.get(reverse("alliance:people", args=[demo_alliance.slug])).content.decode()
    coordinator = Person.objects.get(user__username="koordination")
    assert coordinator.email in html
    assert "Koordination" in html


# --- authoring (Koordination of the alliance only) ---------------------------------------------


def _authoring_pages(alliance):
    from wohnbuendnis.alliance.models import Membership

    org = alliance.member_organisations.active().first().organisation_id
    body = alliance.bodies.first().pk
    person = Membership.objects.filter(alliance=alliance).first().person_id
    slug = alliance.slug
    return {
        "organisation_admit": reverse("alliance:organisation_admit", args=[slug]),
        "organisation_edit": reverse("alliance:organisation_edit", args=[slug, org]),
        "organisation_leave": reverse("alliance:organisation_leave", args=[slug, org]),
        "person_create": reverse("alliance:person_create", args=[slug]),
        "person": reverse("alliance:person", args=[slug, person]),
        "body_create": reverse("alliance:body_create", args=[slug]),
        "body_edit": reverse("alliance:body_edit", args=[slug, body]),
    }


def _post_only_pages(alliance):
    from wohnbuendnis.alliance.models import Membership

    membership = Membership.objects.filter(alliance=alliance).first()
    args = [alliance.slug, membership.person_id]
    return {
        "person_invite": reverse("alliance:person_invite", args=args),
        "role_grant": reverse("alliance:role_grant", args=args),
        "role_revoke": reverse("alliance:role_revoke", args=[*args, membership.pk]),
    }


def _authoring_expected(persona: str, coordinator_here: bool) -> int:
    if persona == "oeffentlichkeit":
        return 302
    return 200 if coordinator_here else 403


@pytest.mark.parametrize("persona", ALL, indirect=True)
def test_authoring_pages_open_only_to_the_coordination_of_that_alliance(
    client, persona, demo_alliance
):
    from wohnbuendnis.alliance.models import Alliance

    region = Alliance.objects.get(slug="region-musterland")
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    for alliance in (demo_alliance, region):
        here = name == "koordination" and alliance == demo_alliance
        for page, url in _authoring_pages(alliance).items():
            response = client.get(url)
            assert response.status_code == _authoring_expected(name, here), (name, page, url)


@pytest.mark.parametrize("persona", ALL, indirect=True)
def test_no_one_but_the_coordination_can_write_through_the_authoring_pages(
    client, persona, demo_alliance, mailoutbox
):
    """Every write (POST) is refused to everyone else and changes nothing."""
    from wohnbuendnis.alliance.models import Body, Membership, Organisation

    name = persona.username if persona else "oeffentlichkeit"
    if name == "koordination":
        pytest.skip("the coordinator's writes are tested in test_authoring_pages")
    if persona:
        client.force_login(persona)
    before = (Organisation.objects.count(), Body.objects.count(), Membership.objects.count())
    pages = {**_authoring_pages(demo_alliance), **_post_only_pages(demo_alliance)}
    for page, url in pages.items():
        response = client.post(url, {"name": "Eingeschleust", "sector": "politik", "kind": "plenum",
                                     "since": "2025-01-01", "until": "2025-01-01",
                                     "role": "koordination"})  # fmt: skip
        expected = 302 if name == "oeffentlichkeit" else 403
        assert response.status_code == expected, (name, page)
    after = (Organisation.objects.count(), Body.objects.count(), Membership.objects.count())
    assert after == before
    assert not Membership.objects.filter(until="2025-01-01").exists()
    assert mailoutbox == []


@pytest.mark.parametrize("persona", ALL, indirect=True)
def test_only_the_citys_coordination_and_specialist_office_upload_districts(
    client, persona, demo_alliance
):
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    url = reverse("areas:upload", args=[demo_alliance.area_id])
    expected = {"koordination": 200, "fachamt": 200, "oeffentlichkeit": 302}.get(name, 403)
    assert client.get(url).status_code == expected, name
    region_url = reverse("areas:upload", args=[demo_alliance.area.parent_id])
    assert client.get(region_url).status_code == (302 if name == "oeffentlichkeit" else 403)
