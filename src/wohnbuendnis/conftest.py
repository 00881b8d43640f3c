"""Fixtures of the web apps: the demo alliance and one named persona per role."""

from __future__ import annotations

import os
import threading

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (``lib.caching``): rolled-back rows give their
    ids to the next test's rows, which must not find the previous test's cached values.
    With ``REDIS_URL`` set this empties that Redis database: give the tests one of their own."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _public_page_built_on_every_visit(settings):
    """Tests that change something and then look at an alliance's public page as a visitor
    see the change at once; ``site/tests/test_public_start.py`` tests the page's cache."""
    settings.PUBLIC_PAGE_SECONDS = 0


@pytest.fixture(autouse=True)
def _german_after_each_test():
    """A request with ``Accept-Language: en`` leaves English active in the test's thread
    (LocaleMiddleware activates, nothing deactivates): the next test would read labels in
    English. Each test ends with the default again."""
    yield
    from django.utils import translation

    translation.deactivate()


def demo_parts(request) -> tuple[str, ...]:
    """The module parts of the demo a test asks for with ``@pytest.mark.demo_parts(...)``
    (the base – areas, alliances, people – always comes; each part costs 1–2 s)."""
    marker = request.node.get_closest_marker("demo_parts")
    return tuple(marker.args) if marker else ()


@pytest.fixture
def demo_alliance(request, db):
    """The generated demo data set (Musterstadt); returns the city alliance."""
    from wohnbuendnis import demo
    from wohnbuendnis.alliance.models import Alliance

    demo.generate(parts=demo_parts(request))
    return Alliance.objects.get(slug=demo.CITY_SLUG)


def _user(username: str):
    from wohnbuendnis.accounts.models import User

    return User.objects.get(username=username)


@pytest.fixture
def koordination(demo_alliance):
    return _user("koordination")


@pytest.fixture
def fachamt(demo_alliance):
    return _user("fachamt")


@pytest.fixture
def wohnungsamt(demo_alliance):
    return _user("wohnungsamt")


@pytest.fixture
def vermieter(demo_alliance):
    return _user("vermieter")


@pytest.fixture
def sozialtraeger(demo_alliance):
    return _user("sozialtraeger")


@pytest.fixture
def politik(demo_alliance):
    return _user("politik")


@pytest.fixture
def mitglied(demo_alliance):
    return _user("mitglied")


@pytest.fixture
def jobcenter(demo_alliance):
    return _user("jobcenter")


@pytest.fixture
def sozialamt(demo_alliance):
    return _user("sozialamt")


@pytest.fixture
def datenschutz(demo_alliance):
    return _user("datenschutz")


@pytest.fixture
def oeffentlichkeit():
    """The public: not signed in."""
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def persona(request, demo_alliance):
    """Parametrise with a persona's username (or "oeffentlichkeit") through ``indirect``."""
    if request.param == "oeffentlichkeit":
        return None
    return _user(request.param)


# --- end-to-end tests -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a browser downloaded by Playwright)."""
    from wohnbuendnis.lib.browser_setup import CHROMIUM
    from wohnbuendnis.lib.browser_testing import CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"{CHROMIUM} missing: run 'make test' (installs it) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _generate_demo_data(parts: tuple[str, ...]) -> None:
    """Generate in a thread of its own that closes its connection: with Playwright's event loop
    running, an ORM call in the test thread would open a second connection that nobody closes."""
    from django.db import connections

    from wohnbuendnis import demo

    def work() -> None:
        try:
            demo.generate(parts=parts)
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
def page(request, browser, live_server, settings, transactional_db, _no_stray_connections):
    """A fresh browser tab on the live server with the demo data set (demo banner on)."""
    settings.DEMO = True  # screenshots show the demo banner, and axe checks it too
    _generate_demo_data(demo_parts(request))
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        bypass_csp=True,  # axe is injected as an inline script
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    yield page
    context.close()
