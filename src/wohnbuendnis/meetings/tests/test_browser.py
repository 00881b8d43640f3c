"""End to end: the coordinator circulates minutes, a member proposes an amendment, the
coordinator accepts it, approves and publishes; the public summary appears."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]


def _switch(page, username: str | None) -> None:
    page.context.clear_cookies()
    if username:
        sign_in(page, username)


def test_minutes_are_amended_approved_and_published(page):
    sign_in(page, "koordination")
    page.get_by_role("link", name="Sitzungen und Protokolle").first.click()
    row = page.get_by_role("row").filter(has_text="Plenum").filter(has_text="Entwurf")
    row.get_by_role("link").click()
    page.get_by_role("link", name="Protokoll lesen").click()
    page.wait_for_url("**/sitzungen/protokoll/*/")  # page.url is the old page until then
    minutes_url = page.url
    page.get_by_label("Rückmeldungen bis").fill("2099-12-31")
    page.get_by_role("button", name="In Umlauf geben").click()
    expect(page.get_by_text("Das Protokoll ist im Umlauf.")).to_be_visible()

    _switch(page, "mitglied")
    page.goto(minutes_url)
    page.get_by_role("link", name="Änderung zu TOP 1 vorschlagen").click()
    expect(page.get_by_label("Textstelle")).to_be_visible()  # the form's page, not the last
    results = page.locator("dd").first.inner_text()
    passage = " ".join(results.split()[:2])
    page.get_by_label("Abschnitt").select_option("results")
    page.get_by_label("Textstelle").fill(passage)
    page.get_by_label("Vorschlag").fill(passage + " ausdrücklich")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    expect(page.get_by_text("Ihr Änderungsvorschlag ist eingegangen.")).to_be_visible()
    assert axe_violations(page) == []

    _switch(page, "koordination")
    page.goto(minutes_url)
    page.get_by_label("Antwort").first.fill("Übernommen.")
    page.get_by_role("button", name="Übernehmen").click()
    expect(page.get_by_text("Die Entscheidung ist gespeichert.")).to_be_visible()
    page.get_by_role("button", name="Protokoll freigeben").click()
    expect(page.get_by_text("Das Protokoll ist freigegeben.")).to_be_visible()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Das Protokoll ist veröffentlicht.")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "meetings-minutes", full_page=False)

    _switch(page, None)
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Ergebnisse der Sitzungen").click()
    page.get_by_role("link", name="Plenum").first.click()
    expect(page.locator("main")).to_contain_text(passage + " ausdrücklich")  # waits for the page
    text = page.locator("main").inner_text()
    assert passage + " ausdrücklich" in text
    assert "Personalien und Verschiedenes" not in text  # the non-public item
    assert axe_violations(page) == []
