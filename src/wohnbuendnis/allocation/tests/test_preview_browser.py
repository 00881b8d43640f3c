"""The clerk in Chromium: opens the preview of the nominations for a vacancy with N = 3
(optimal), swaps one household with a reason and sends; the landlord then sees the three
households, the swapped one among them. axe-core on the pages (issue 16.4)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def test_clerk_previews_swaps_with_a_reason_and_sends(page):
    from django.utils import timezone

    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.alliance.models import Alliance, Organisation
    from wohnbuendnis.allocation import services
    from wohnbuendnis.allocation.models import Nomination, PreviewEntry

    city = Alliance.objects.get(slug="musterstadt")
    office = User.objects.get(username="wohnungsamt")
    flat = {
        "label": "Tauschweg 3, 1. OG", "rooms": Decimal(2), "area_m2": Decimal(52),
        "rent_gross_eur": Decimal(540), "step_free": True, "wheelchair": False,
        "funding_path": "1", "bound_until": datetime.date(2045, 12, 31), "floor": 1,
    }  # fmt: skip
    vacancy = services.report_vacancy(
        city, office, Organisation.objects.get(short_name="GWM"), flat,
        timezone.localdate() + datetime.timedelta(days=20),
    )  # fmt: skip

    sign_in(page, "wohnungsamt")
    page.goto(f"/vermittlung/wohnung/{vacancy.public_id}/")
    page.get_by_label("optimale Zuordnung mehrerer Wohnungen").check()
    page.get_by_label("Benannte je Wohnung").fill("3")
    page.get_by_role("button", name="Vorschau der Benennungen berechnen").click()
    page.get_by_role("heading", name="Vorschau der Benennungen").wait_for()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert axe_violations(page) == []

    page.get_by_text("Rang 2 (").click()  # the swap form of rank 2 opens
    swap = page.locator("details[open] form")
    choice = swap.get_by_label("stattdessen benennen")
    chosen = choice.locator("option").first.inner_text().split(" – ")[0]
    choice.select_option(index=0)
    swap.get_by_label("Grund der Abweichung").fill("Haushalt braucht die Wohnung wegen Pflege")
    swap.get_by_role("button", name="Rang 2 tauschen").click()
    page.get_by_text("Der Haushalt ist getauscht").wait_for()
    assert page.get_by_text(f"{chosen}").count() >= 1
    assert page.get_by_text("Haushalt braucht die Wohnung wegen Pflege").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "allocation-preview", full_page=False)

    page.get_by_role("button", name="Benennungen senden").click()
    page.get_by_text("3 Haushalte sind benannt.").wait_for()
    named = Nomination.objects.filter(vacancy=vacancy)
    assert named.count() == 3
    assert named.filter(household__reference=chosen).exists()
    swapped = PreviewEntry.objects.get(vacancy=vacancy, proposed__isnull=False)
    assert swapped.swap_reason == "Haushalt braucht die Wohnung wegen Pflege"
    assert swapped.nomination is not None and swapped.nomination.rank == 2
