"""In Chromium: the job centre opens its list, reads a request with the landlord's deadline and
refuses it with a reason; the data-protection officer filters the access log by the file
number and finds the job centre's read. axe-core on the three pages."""

from __future__ import annotations

import pytest

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def test_the_job_centre_decides_and_the_officer_finds_the_read(page):
    from wohnbuendnis.allocation.models import CostCoverageCase, CostCoverageStatus

    case = (
        CostCoverageCase.objects.filter(
            agency="jobcenter", status=CostCoverageStatus.REQUESTED, landlord_deadline__isnull=False
        )
        .select_related("household")
        .first()
    )
    reference = case.household.reference

    sign_in(page, "jobcenter")
    page.goto("/vermittlung/musterstadt/kostenuebernahme/")
    assert "Sozialamt" not in page.locator("table").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name=reference).first.click()
    text = page.locator("dl.wb-facts").inner_text()
    assert f"{case.landlord_deadline:%d.%m.%Y}" in text
    assert axe_violations(page) == []
    screenshot(page, "allocation-cost-coverage-office", full_page=False)
    page.get_by_label("abgelehnt").check()
    page.get_by_label("Begründung").fill("Miete über der Angemessenheitsgrenze")
    page.get_by_role("button", name="Entscheidung speichern").click()
    assert "Die Entscheidung ist erfasst." in page.content()
    assert "abgelehnt" in page.locator("dl.wb-facts").inner_text()

    page.context.clear_cookies()
    sign_in(page, "datenschutz")
    page.goto("/vermittlung/musterstadt/zugriffsprotokoll/")
    page.get_by_label("Aktenzeichen").fill(reference)
    page.get_by_role("button", name="Filtern").click()
    table = page.locator("table").inner_text()
    assert "Antrag auf Kostenübernahme prüfen" in table and reference in table
    assert case.household.name not in page.content()
    assert axe_violations(page) == []
