"""The landlord's page in Chromium: the 6-person household, most urgent of the register, is
not among the households named for a 72 m² 3-room flat, and every named household says which
size and occupancy rules were checked (issue 16.3). axe-core on the page."""

from __future__ import annotations

import pytest

from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.tests.test_fit import six_person_household, small_flat
from wohnbuendnis.lib.browser_testing import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def test_landlord_sees_the_checked_fit_and_no_six_person_household(page):
    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.alliance.models import Alliance

    city = Alliance.objects.get(slug="musterstadt")
    office, landlord = (User.objects.get(username=n) for n in ("wohnungsamt", "vermieter"))
    six_person_household(city, office)
    vacancy = small_flat(city, landlord)
    services.nominate_candidates(vacancy, office)

    sign_in(page, "vermieter")
    page.goto(f"/vermittlung/wohnung/{vacancy.public_id}/")
    facts = page.locator("dl.wb-facts")
    assert "3 bis 4 Personen" in facts.inner_text()
    cards = page.locator("article")
    assert cards.count() == 3
    assert page.get_by_text("Familie Sechs").count() == 0
    assert page.get_by_text("6 Personen").count() == 0
    for number in range(3):
        text = cards.nth(number).inner_text()
        persons = int(text.split("Personen, davon")[0].split()[-1])
        assert persons in (3, 4)
        assert f"3 Zimmer, mindestens {persons - 1} für {persons} Personen" in text
        assert (
            f"mindestens {9 * persons} m² für {persons} Personen (9 m² je Person): erfüllt" in text
        )
        assert "erfüllt die Voraussetzungen" not in text
    assert axe_violations(page) == []
