"""End to end in Debian's Chromium: every persona signs in and its start page passes axe-core.

Screenshots go to docs/screenshots/ for the README.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.lib.browser_setup import CHROMIUM

PERSONAS = list(Role.values)  # the demo logins are named after the roles

REPO = Path(__file__).resolve().parents[4]
AXE = REPO / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "docs" / "screenshots"
BLOCKING = {"serious", "critical"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"{CHROMIUM} missing: run 'make test' (installs it) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _generate_demo_data() -> None:
    """Generate in a thread of its own that closes its connection: with Playwright's event loop
    running, an ORM call in the test thread would open a second connection that nobody closes."""
    from django.db import connections

    from wohnbuendnis import demo

    def work() -> None:
        try:
            demo.generate()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


@pytest.fixture(scope="session")
def _no_stray_connections(django_db_setup, django_db_blocker):
    """With Playwright's event loop in the test thread, Django may open a connection in another
    async context that no teardown reaches; PostgreSQL then refuses to drop the test database.
    End such connections before the test database is dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def page(browser, live_server, settings, _no_stray_connections):
    settings.DEMO = True  # the screenshots show the demo banner, and axe checks it too
    _generate_demo_data()
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def sign_in(page, username: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("wohnen-musterstadt")
    page.get_by_role("button", name="Anmelden").last.click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("username", PERSONAS)
def test_each_persona_signs_in_and_its_start_page_is_accessible(page, username):
    sign_in(page, username)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_text("Demo-Daten").first.is_visible()
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"start-{username}.png"), full_page=True)


@pytest.mark.parametrize("path", ["/", "/buendnisse/musterstadt/", "/konto/anmelden/", "/gebiete/"])
def test_public_pages_are_accessible(page, path):
    page.goto(path)
    assert axe_violations(page) == []
    if path == "/":
        page.screenshot(path=str(SCREENSHOTS / "landing.png"), full_page=True)


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
    page.screenshot(path=str(SCREENSHOTS / "body-ag4.png"), full_page=True)


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
