"""The Koordination in Chromium: opens the priority list as German forms (criteria and points),
gives one criterion more points and saves a draft; the draft's page shows its effect on the
ranking of the open cases (chart and table, no file numbers). axe-core on both pages (issue
16.5)."""

from __future__ import annotations

import pytest

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def test_coordination_changes_the_points_in_forms_and_sees_the_draft_effect(page):
    from wohnbuendnis.allocation.models import Household, PrioritySchemeDraft

    sign_in(page, "koordination")
    page.goto("/vermittlung/musterstadt/prioritaetenliste/")
    page.get_by_role("link", name="Prioritätenliste ändern (Entwurf in Formularen)").click()
    page.get_by_role("heading", name="Kriterien und Punkte").wait_for()
    assert axe_violations(page) == []

    first = page.locator("fieldset", has_text="Kriterium 1").first
    points = first.get_by_label("Punkte")
    before = int(points.input_value())
    points.fill(str(before + 30))
    page.get_by_label("Anlass der Änderung").fill("AG 3: Wohnungslosigkeit stärker gewichten")
    screenshot(page, "allocation-priority-list-form", at=page.locator("#criteria-heading"))

    page.get_by_role("button", name="Als Entwurf speichern").click()
    page.get_by_role("heading", name="Wirkung auf die Rangfolge", exact=False).wait_for()
    page.locator("[data-chart='chart-draft-effect'] svg").wait_for()
    text = page.locator("#effect-heading + p").inner_text()
    assert "offenen Fällen steigen" in text and "behalten ihren Platz" in text
    assert page.get_by_text("AG 3: Wohnungslosigkeit stärker gewichten").count() == 1
    # the Koordination sees the shifts, never a case's file number
    some = Household.objects.filter(alliance__slug="musterstadt").first()
    assert some.reference not in page.content()
    assert axe_violations(page) == []
    screenshot(page, "allocation-priority-list-draft", full_page=False)
    draft = PrioritySchemeDraft.objects.get(alliance__slug="musterstadt")
    assert draft.adopted_as is None and draft.note.startswith("AG 3")
