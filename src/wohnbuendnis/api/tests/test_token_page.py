"""The token page of the alliance: only Koordination opens it, issues a token (shown once,
stored as a hash) and revokes it; the page lists every call made with a token."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.api.models import ApiToken
from wohnbuendnis.api.services import hash_token
from wohnbuendnis.api.tests.conftest import issue, organisation_of
from wohnbuendnis.concept.tests.test_permission_matrix import ALL, KO, PUB, _login

pytestmark = pytest.mark.django_db


def _expected(name: str) -> int:
    return 200 if name == KO else (302 if name == PUB else 403)


def test_only_koordination_opens_the_token_page_and_revokes(client, city):
    token, _raw = issue(city, "vermieter", "vermieter", "vacancies")
    page = reverse("api:tokens", args=[city.slug])
    revoke = reverse("api:revoke", args=[city.slug, token.pk])
    for name in ALL:
        _login(client, name)
        assert client.get(page).status_code == _expected(name), name
        if name != KO:
            assert client.post(revoke).status_code == _expected(name), name
            assert client.post(page, {"name": "x"}).status_code == _expected(name), name
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    _login(client, KO)
    assert client.post(revoke).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_koordination_issues_a_token_shown_once_that_then_works(client, city):
    client.force_login(User.objects.get(username=KO))
    url = reverse("api:tokens", args=[city.slug])
    landlord = organisation_of(city, "vermieter", "vermieter")
    data = {
        "organisation": landlord.pk, "name": "Mieterverwaltung", "scopes": ["vacancies"],
        "expires_on": str(timezone.localdate() + datetime.timedelta(days=90)),
        "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    raw = response.context["issued"]["raw"]
    assert raw in response.content.decode()
    assert ApiToken.objects.get(token_hash=hash_token(raw)).organisation == landlord
    # sent again (double click, reload): one token, not shown again
    again = client.post(url, data)
    assert again.status_code == 302
    assert ApiToken.objects.filter(name="Mieterverwaltung").count() == 1
    listed = client.get(url).content.decode()
    assert raw not in listed and "Mieterverwaltung" in listed
    own = client.get(
        reverse("api-v1:own_vacancies", args=[city.slug]),
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert own.status_code == 200
    assert "/api/v1/alliances/" in client.get(url).content.decode()  # the call is listed


def test_a_scope_the_organisation_cannot_hold_is_refused_at_the_field(client, city):
    client.force_login(User.objects.get(username=KO))
    url = reverse("api:tokens", args=[city.slug])
    landlord = organisation_of(city, "vermieter", "vermieter")
    response = client.post(url, {
        "organisation": landlord.pk, "name": "Statistik?", "scopes": ["observations"],
        "expires_on": str(timezone.localdate() + datetime.timedelta(days=90)),
        "submission_token": str(uuid.uuid4()),
    })  # fmt: skip
    assert response.status_code == 200
    assert "scopes" in response.context["form"].errors
    assert not ApiToken.objects.filter(name="Statistik?").exists()
