"""Writing through the API with an organisation's token: a landlord reports a vacant bound flat
the housing office then sees, the statistics office pushes observations; expired and revoked
tokens get 401; every call is logged; the rate limit answers 429."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.allocation.models import Household, Vacancy
from wohnbuendnis.api import services
from wohnbuendnis.api.models import ApiCall, ApiToken
from wohnbuendnis.api.tests.conftest import issue, organisation_of
from wohnbuendnis.monitoring.models import Observation

pytestmark = pytest.mark.django_db

BASE = "/api/v1/alliances"


def _flat(**changes) -> dict:
    today = timezone.localdate()
    flat = {
        "label": "Lindenstraße 7, 2. OG links", "rooms": 2.5, "area_m2": 61.5,
        "rent_gross_eur": 642.1, "step_free": True, "wheelchair": False, "funding_path": "1",
        "bound_until": str(today.replace(year=today.year + 15)),
        "available_from": str(today + datetime.timedelta(days=30)),
    }  # fmt: skip
    return flat | changes


def _post(client, url: str, raw: str | None, body: dict):
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def _get(client, url: str, raw: str):
    return client.get(url, headers={"Authorization": f"Bearer {raw}"})


def test_a_landlord_token_reports_a_vacancy_the_housing_office_then_lists(client, city):
    token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    url = f"{BASE}/{city.slug}/vacancies"
    response = _post(client, url, raw, _flat())
    assert response.status_code == 201, response.content
    public_id = response.json()["id"]
    vacancy = Vacancy.objects.select_related("flat").get(public_id=public_id)
    assert vacancy.flat.landlord == token.organisation
    assert str(vacancy.flat.rent_gross_eur) == "642.10"
    assert vacancy.history.count() == 1  # the same history row as a report in the browser
    # the Wohnungsamt's list shows it
    client.force_login(User.objects.get(username="wohnungsamt"))
    page = client.get(reverse("allocation:vacancies", args=[city.slug]))
    assert "Lindenstraße 7, 2. OG links" in page.content.decode()
    call = ApiCall.objects.get(token=token, status=201)
    assert call.method == "POST" and public_id in call.note


def test_the_api_refuses_what_the_browser_refuses_and_stores_nothing(client, city):
    _token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    url = f"{BASE}/{city.slug}/vacancies"
    before = Vacancy.objects.count()
    refused = _post(client, url, raw, _flat(wheelchair=True, step_free=False))
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert "stufenlos" in refused.json()["detail"]
    far = _post(client, url, raw, _flat(available_from="2099-01-01"))
    assert far.status_code == 422 and "available_from" in far.json()["errors"]
    cents = _post(client, url, raw, _flat(rent_gross_eur=642.105))
    assert cents.status_code == 422 and "rent_gross_eur" in cents.json()["errors"]
    assert Vacancy.objects.count() == before


def test_a_landlord_token_sees_only_its_own_flats_and_no_applicant(client, city):
    token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    url = f"{BASE}/{city.slug}/vacancies"
    assert _post(client, url, raw, _flat()).status_code == 201
    own = Vacancy.objects.filter(flat__alliance=city, flat__landlord=token.organisation)
    others = Vacancy.objects.filter(flat__alliance=city).exclude(flat__landlord=token.organisation)
    assert others.exists(), "the demo has flats of other landlords"
    listed = _get(client, f"{url}?limit=500", raw).json()
    assert listed["count"] == own.count()
    ids = {row["id"] for row in listed["items"]}
    assert ids == {str(v.public_id) for v in own}
    assert not ids & {str(v.public_id) for v in others}
    # no operation serves applicants, and nothing an applicant entered is in any answer
    schema = client.get("/api/v1/openapi.json").json()
    assert not [p for p in schema["paths"] if "house" in p or "applic" in p or "nomin" in p]
    text = json.dumps(listed)
    households = Household.objects.filter(alliance=city)
    assert households.exists()
    for household in households:
        assert household.name not in text and household.reference not in text


def test_a_landlord_token_cannot_push_observations_nor_act_in_another_alliance(client, city):
    _token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    body = {"area": city.area.key, "source": "x", "values": [
        {"indicator": "einwohner", "year": 2024, "value": 1}]}  # fmt: skip
    assert _post(client, f"{BASE}/{city.slug}/observations", raw, body).status_code == 403
    from wohnbuendnis.alliance.models import Alliance

    other = Alliance.objects.exclude(pk=city.pk).first()
    if other is not None:
        assert _post(client, f"{BASE}/{other.slug}/vacancies", raw, _flat()).status_code == 403


def test_the_statistics_office_pushes_observations(client, city):
    token, raw = issue(city, "fachamt", "fachamt", "observations")
    observation = Observation.objects.filter(area=city.area, indicator__is_public=True).first()
    key, year, old = observation.indicator.key, observation.year, observation.value
    body = {"area": city.area.key, "source": "Statistikstelle, Lieferung 12/2026", "values": [
        {"indicator": key, "year": year, "value": old + 1},
        {"indicator": key, "year": 2099, "value": old},
    ]}  # fmt: skip
    response = _post(client, f"{BASE}/{city.slug}/observations", raw, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 0}
    observation.refresh_from_db()
    assert observation.revisions.count() >= 1
    again = _post(client, f"{BASE}/{city.slug}/observations", raw, body).json()
    assert again == {"created": 0, "updated": 0, "unchanged": 2}
    # readable without a token right after (a public series)
    read = client.get(f"{BASE}/{city.slug}/observations?indicator={key}&year=2099").json()
    assert [(r["area"], r["value"]) for r in read["items"]] == [(city.area.key, old)]
    assert observation.value == old + 1
    assert ApiCall.objects.filter(token=token, status=200).count() == 2
    unknown = _post(client, f"{BASE}/{city.slug}/observations", raw, body | {"values": [
        {"indicator": "gibt-es-nicht", "year": 2024, "value": 1}]})  # fmt: skip
    assert unknown.status_code == 422 and "gibt-es-nicht" in unknown.json()["detail"]


def test_expired_revoked_unknown_and_missing_tokens_get_401(client, city):
    token, raw = issue(city, "vermieter", "vermieter", "vacancies", days=1)
    url = f"{BASE}/{city.slug}/vacancies"
    assert _get(client, url, raw).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        expired = _get(client, url, raw)
    assert expired.status_code == 401
    assert expired["Content-Type"] == "application/problem+json"
    assert expired["WWW-Authenticate"].startswith("Bearer")
    assert ApiCall.objects.filter(token=token, status=401, note="abgelaufen").exists()
    token2, raw2 = issue(city, "vermieter", "vermieter", "vacancies")
    services.revoke_token(token2, User.objects.get(username="koordination"))
    assert _post(client, url, raw2, _flat()).status_code == 401
    assert ApiCall.objects.filter(token=token2, status=401, note="widerrufen").exists()
    assert _get(client, url, raw2[:-2] + "xx").status_code == 401
    assert client.get(url).status_code == 401
    with pytest.raises(ValidationError):
        services.revoke_token(token2, None)


def test_only_a_hash_is_stored_and_scopes_need_the_matching_role(city):
    token, raw = issue(city, "vermieter", "vermieter", "vacancies")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.token_hash, stored.prefix) and stored.token_hash == (
        services.hash_token(raw)
    )
    koordination = User.objects.get(username="koordination")
    landlord = organisation_of(city, "vermieter", "vermieter")
    with pytest.raises(ValidationError, match="nicht als"):
        services.issue_token(city, koordination, landlord, "x", ["observations"],
                             timezone.localdate() + datetime.timedelta(days=5))  # fmt: skip
    with pytest.raises(ValidationError):
        services.issue_token(city, koordination, landlord, "x", ["vacancies"],
                             timezone.localdate() + datetime.timedelta(days=800))  # fmt: skip


def test_the_rate_limit_answers_429_with_retry_after(client, city, settings):
    settings.API_RATE_LIMIT = "3/m"
    url = f"{BASE}/{city.slug}/areas"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url)
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) >= 1
