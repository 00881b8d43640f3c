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
