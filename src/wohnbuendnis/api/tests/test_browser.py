"""End to end in Debian's Chromium: Koordination issues a landlord's API token on the token page
(axe-clean, also at a phone's width), the landlord's system reports a flat with it, Koordination
revokes it and the next call gets 401."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def _report(base: str, raw: str) -> int:
    today = timezone.localdate()
    body = {
        "label": "Am Bahnhof 3, EG", "rooms": 2, "area_m2": 55, "rent_gross_eur": 590,
        "step_free": True, "bound_until": str(today.replace(year=today.year + 10)),
        "available_from": str(today + datetime.timedelta(days=20)),
    }  # fmt: skip
    request = urllib.request.Request(  # noqa: S310 - the live test server
        f"{base}/api/v1/alliances/musterstadt/vacancies", json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {raw}", "Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_koordination_issues_and_revokes_a_landlords_token(page, live_server):
    sign_in(page, "koordination")
    page.goto(f"{live_server.url}/buendnisse/musterstadt/gremien/")
    page.get_by_role("link", name="API-Schlüssel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-Schlüssel")
    assert axe_violations(page) == []
    page.get_by_label("Organisation").select_option(
        label="Gemeinnützige Wohnungsbaugesellschaft Musterstadt mbH"
    )
    page.get_by_label("Bezeichnung").fill("Leerstandsmeldung aus der Mieterverwaltung")
    page.get_by_label("freie gebundene Wohnungen melden").check()
    page.get_by_role("button", name="Schlüssel ausgeben").click()
    raw = page.locator("#new-token").inner_text()
    assert raw.startswith("wb_")
    assert axe_violations(page) == []
    screenshot(page, "api-tokens", full_page=False)
    assert _report(live_server.url, raw) == 201

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert raw not in page.content()  # shown once only
    assert axe_violations(page) == []
    page.get_by_role(
        "button", name="„Leerstandsmeldung aus der Mieterverwaltung“ widerrufen"
    ).click()
    expect(page.get_by_text("ist widerrufen")).to_be_visible()
    assert _report(live_server.url, raw) == 401
