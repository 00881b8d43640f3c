"""End to end: a member finds a task from a resolution on "Meine Aufgaben" and closes it;
the coordinator sees the overdue tasks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]


def test_my_tasks_and_the_overdue_list(page):
    sign_in(page, "koordination")
    page.goto("/sitzungen/musterstadt/ueberfaellig/")
    expect(
        page.get_by_text("Entwurf der Quotenregelung für den Bauausschuss vorlegen")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, "mitglied")
    page.get_by_role("link", name="Meine Aufgaben").first.click()
    title = "Entwurf der Quotenregelung für den Bauausschuss vorlegen"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("überfällig").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label(f"Status von „{title}“").select_option("erledigt")
    page.get_by_role("button", name="Status speichern").click()
    expect(page.get_by_text("Der Status der Aufgabe ist gespeichert.")).to_be_visible()
    expect(page.get_by_text("Sie haben keine offenen Aufgaben.")).to_be_visible()
