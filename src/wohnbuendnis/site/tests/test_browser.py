"""End to end in Debian's Chromium: every persona signs in and its start page passes axe-core.

Screenshots go to docs/screenshots/ for the README.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

PERSONAS = list(Role.values)  # the demo logins are named after the roles

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", PERSONAS)
def test_each_persona_signs_in_and_its_start_page_is_accessible(page, username):
    sign_in(page, username)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_text("Demo-Daten").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, f"start-{username}")


@pytest.mark.parametrize("path", ["/", "/buendnisse/musterstadt/", "/konto/anmelden/", "/gebiete/"])
def test_public_pages_are_accessible(page, path):
    page.goto(path)
    assert axe_violations(page) == []
    if path == "/":
        screenshot(page, "landing")


def test_the_coordinator_walks_to_a_working_group(page):
    sign_in(page, "koordination")
    page.get_by_role("link", name="Gremien").first.click()
    page.get_by_role("link", name="AG 4: Kooperative Wohnungsvermittlung").click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Kooperative Wohnungsvermittlung")
    )
    assert page.get_by_role("table").get_by_text("Leitung").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "body-ag4")


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.demo_parts("process")
@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_page_draws_the_building_projects_on_the_map(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/buendnisse/musterstadt/")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Bauvorhaben auf der Karte")
    )
    map_element = section.locator("[data-geojson]")
    expect(map_element).to_have_attribute("data-rendered", "20")  # the demo city's districts
    assert section.locator("tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        f"{width}).slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert axe_violations(page) == []
    if width == 1280:
        map_element.scroll_into_view_if_needed()
        screenshot(page, "public-projects-map", element=section)
