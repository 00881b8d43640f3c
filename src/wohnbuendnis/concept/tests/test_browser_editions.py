"""End to end on the demo: Koordination starts the next edition of the concept, enters the
council's decision and compares the editions; the public page shows the adopted edition, and
every page has no serious or critical accessibility violation (issue 12.5)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]
EDITIONS = "/handlungskonzept/musterstadt/fassungen/"


def test_koordination_starts_adopts_and_compares_an_edition(page):
    sign_in(page, "koordination")
    page.goto(EDITIONS)
    expect(page.get_by_role("link", name="Handlungskonzept Wohnen Musterstadt")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Titel der Fassung").fill("1. Fortschreibung")
    page.get_by_role("button", name="Fassung anlegen").click()
    expect(page.get_by_text("Die Fassung ist angelegt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fassung 2: 1. Fortschreibung")
    assert axe_violations(page) == []

    day = datetime.date.today() - datetime.timedelta(days=1)
    page.get_by_label("Ratsbeschluss vom").fill(day.isoformat())
    page.get_by_label("Drucksache").fill("DS 2026/4711")
    screenshot(page, "concept-edition-adopt")
    page.get_by_role("button", name="Fassung beschließen").click()
    expect(page.get_by_text("Die Fassung ist beschlossen.")).to_be_visible()
    expect(page.get_by_text("Inhalt der beschlossenen Fassung")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(EDITIONS)
    expect(page.get_by_role("cell", name="abgelöst")).to_be_visible()
    page.get_by_role("link", name="Fassungen vergleichen").click()
    page.get_by_label("Ältere Fassung").select_option(index=1)
    page.get_by_label("Neuere Fassung").select_option(index=1)
    page.get_by_role("button", name="Vergleichen").click()
    expect(page.get_by_role("heading", name="Maßnahmen", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto("/handlungskonzept/musterstadt/fortschritt/")
    expect(page.get_by_text("Drucksache DS 2026/4711")).to_be_visible()
    assert axe_violations(page) == []
