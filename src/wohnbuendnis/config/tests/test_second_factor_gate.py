"""The second factor's gate across the whole site (here in config: it walks every app's URLs):
no page is reachable with the password alone, for a role that sees personal data."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wohnbuendnis.accounts import services
from wohnbuendnis.allocation import urls as allocation_urls

SETUP = reverse("second_factor_setup")
VERIFY = reverse("second_factor_verify")
OPEN_PAGES = {"second_factor_setup", "second_factor_verify", "logout", "set_language", "health"}


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    return settings


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern)


def _example_path(route: str, slug: str) -> str | None:
    """A path for a route with made-up values (the gate acts before any object is fetched)."""
    if route.startswith("^"):  # admin's regex routes (e.g. its catch-all): one example each
        route = route.strip("^$").replace("(?P<app_label>accounts|alliance)", "accounts")
        if "(" in route or "\\" in route:
            return None
    values = {"slug": slug, "uuid": str(uuid.uuid4()), "int": "1", "str": "x", "path": "x/y"}
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: values[m.group(1) or "str"], route)
    return "/" + path


def test_no_page_is_reachable_with_the_password_alone(client, required, wohnungsamt, demo_alliance):
    """Every URL of the site, GET and POST: a password-only session of the housing office gets
    the set-up page, except set-up, verify, logout, the language switch and the health check."""
    client.force_login(wohnungsamt)
    checked = []
    for name, route in _patterns(get_resolver()):
        path = _example_path(route, demo_alliance.slug)
        if path is None or name in OPEN_PAGES:
            continue
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (name, path, response.status_code)
            assert response.url.startswith(SETUP), (name, path, response.url)
        checked.append(name)
    allocation = {f"allocation:{entry.name}" for entry in allocation_urls.urlpatterns}
    assert allocation <= set(checked)  # every allocation page is in the sweep
    assert "admin:index" in checked
    assert len(checked) > 100


@pytest.mark.demo_parts("allocation")
def test_applicant_pages_with_real_records_need_the_second_factor(
    client, required, wohnungsamt, demo_alliance
):
    from wohnbuendnis.allocation.models import Household, Vacancy

    household = Household.objects.filter(anonymised_at=None).first()
    vacancy = Vacancy.objects.first()
    device = services.start_totp_setup(wohnungsamt)
    services.confirm_totp_setup(wohnungsamt, f"{totp(device.bin_key):06d}")
    client.force_login(wohnungsamt)
    pages = [
        reverse("allocation:household", args=[household.public_id]),
        reverse("allocation:household_export", args=[household.public_id]),
        reverse("allocation:cost_coverage", args=[demo_alliance.slug]),
        reverse("allocation:vacancy", args=[vacancy.public_id]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith(VERIFY), page
    device = TOTPDevice.objects.get(user=wohnungsamt)
    client.post(VERIFY, {"code": f"{totp(device.bin_key, drift=1):06d}"})
    for page in pages:
        assert client.get(page).status_code == 200, page
