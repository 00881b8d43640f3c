"""Search and filters on the register page (issue 16, item 1): file number, name, status,
urgency, household size; paginated; the search never widens what a role sees, the search text
never stands in the address, and every household shown is logged."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from wohnbuendnis.accounts.models import AccessLogEntry
from wohnbuendnis.allocation.models import Household

pytestmark = pytest.mark.django_db


def _url(city) -> str:
    return reverse("allocation:households", args=[city.slug])


def _references(html: str) -> set[str]:
    """The file numbers in the register table (below the search form, not the expiring list)."""
    table = html[html.index('id="search-heading"') : html.index('id="expiring-heading"')]
    return set(re.findall(r'href="/vermittlung/haushalt/[0-9a-f-]+/">([^<]+)</a>', table))


def _search(client, city, **data) -> str:
    response = client.post(_url(city), data)
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def _other_agencys_household(city) -> Household:
    return (
        Household.objects.filter(alliance=city, anonymised_at=None)
        .exclude(agency__short_name="Diakonie")
        .exclude(agency=None)
        .first()
    )


def test_the_housing_office_finds_a_household_by_name_and_by_file_number(client, wohnungsamt, city):
    target = _other_agencys_household(city)
    client.force_login(wohnungsamt)
    response = client.post(_url(city), {"suche": target.name.split()[-1]})
    assert target.name.split()[-1] not in response.url  # personal data never in the address
    html = client.get(response.url).content.decode()
    assert target.reference in html
    same_name = Household.objects.filter(
        alliance=city, anonymised_at=None, name__icontains=target.name.split()[-1]
    )
    assert _references(html) == {h.reference for h in same_name[:50]}
    html = _search(client, city, suche=target.reference.lower())
    assert _references(html) == {target.reference}


def test_a_social_agency_never_finds_another_agencys_client(client, sozialtraeger, city):
    target = _other_agencys_household(city)
    client.force_login(sozialtraeger)
    for term in (target.name, target.reference):
        html = _search(client, city, suche=term)
        start = html.index("<table", html.index('id="search-heading"'))
        table = html[start : html.index('id="expiring-heading"')]
        assert _references(html) == set()
        assert target.reference not in table and target.name not in table
        assert "Keine Haushalte passen zur Suche." in table
    assert not AccessLogEntry.objects.filter(subject_id=str(target.pk), user=sozialtraeger).exists()


def test_filters_by_status_size_and_urgency_count_what_the_register_holds(
    client, wohnungsamt, city
):
    client.force_login(wohnungsamt)
    html = _search(client, city, status="aktiv", personen="3", punkte_ab="20")
    expected = Household.objects.filter(
        alliance=city, anonymised_at=None, status="aktiv", persons=3, points__gte=20
    )
    assert expected.count() > 0
    assert f"{expected.count()} Haushalt" in html
    assert _references(html) == {h.reference for h in expected[:50]}
    html = _search(client, city, personen="6")
    large = Household.objects.filter(alliance=city, anonymised_at=None, persons__gte=6)
    assert _references(html) == {h.reference for h in large[:50]}


def test_pages_keep_the_filters_and_each_household_shown_is_logged(client, wohnungsamt, city):
    client.force_login(wohnungsamt)
    rows = Household.objects.filter(alliance=city, anonymised_at=None, status="aktiv")
    assert rows.count() > 50
    first = client.post(_url(city), {"status": "aktiv"})
    assert first.url.endswith("?status=aktiv")
    html = client.get(first.url).content.decode()
    assert 'href="?status=aktiv&amp;seite=2"' in html
    before = AccessLogEntry.objects.filter(user=wohnungsamt).count()
    second = client.get(first.url + "&seite=2").content.decode()
    shown = _references(second)
    logged = AccessLogEntry.objects.filter(user=wohnungsamt).order_by("pk")[before:]
    listed = {e.subject_id for e in logged if e.reason == "Liste wohnungssuchender Haushalte"}
    assert listed == {str(h.pk) for h in rows.filter(reference__in=shown)}
    assert len(shown) == min(50, rows.count() - 50)


def test_resetting_forgets_the_search(client, wohnungsamt, city):
    target = _other_agencys_household(city)
    client.force_login(wohnungsamt)
    assert _references(_search(client, city, suche=target.reference)) == {target.reference}
    client.post(_url(city), {"zuruecksetzen": "1"})
    html = client.get(_url(city)).content.decode()
    assert len(_references(html)) == 50
