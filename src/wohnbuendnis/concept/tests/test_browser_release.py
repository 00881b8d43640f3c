"""In the browser: Fachamt changes a measure's progress, Koordination sees it waiting on the
start page, compares old and new on the release page and releases it; the public page shows
it only then. The start page's list and the release page have no serious or critical
accessibility violation (issue 12.8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wohnbuendnis.concept.models import Measure, MeasureStatus
from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("process")]
PUBLIC = "/handlungskonzept/musterstadt/fortschritt/"


def test_koordination_releases_a_progress_change_for_the_public_page(page):
    measure = Measure.objects.filter(status=MeasureStatus.IN_PROGRESS).order_by("number").first()
    old = f"in Umsetzung, {measure.progress} %"
    new_progress = 100 if measure.progress == 99 else 99
    new = f"in Umsetzung, {new_progress} %"
    line = f"{measure.number}. {measure.title} – "

    sign_in(page, "fachamt")
    page.goto(f"/handlungskonzept/massnahme/{measure.pk}/")
    page.get_by_label("Fortschritt (%)").fill(str(new_progress))
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Stand der Maßnahme ist gespeichert.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(PUBLIC)
    expect(page.get_by_text(line + old)).to_be_visible()
    expect(page.get_by_text(line + new)).to_have_count(0)

    sign_in(page, "koordination")
    page.goto("/")
    expect(page.get_by_text("Wartet auf Freigabe für die öffentlichen Seiten")).to_be_visible()
    expect(page.get_by_text("1 Stand einer Maßnahme")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Änderungen prüfen und freigeben").click()
    row = page.get_by_role("row", name=str(measure))
    expect(row).to_contain_text(old)
    expect(row).to_contain_text(new)
    expect(row.get_by_role("checkbox")).to_be_checked()
    assert axe_violations(page) == []
    screenshot(page, "concept-release")
    page.get_by_role("button", name="Freigeben").click()
    expect(page.get_by_text("1 Änderung ist freigegeben und öffentlich sichtbar.")).to_be_visible()
    expect(page.get_by_text("Es wartet keine Änderung auf Freigabe")).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto(PUBLIC)
    expect(page.get_by_text(line + new)).to_be_visible()
