"""In Debian's Chromium: the housing office uploads an existing register with a broken cell,
sees the problem by row and column, uploads the corrected file, imports it, and finds a household
by its file number in the register's search. axe-core on the upload page, both previews and the
search result."""

from __future__ import annotations

import pytest

from wohnbuendnis.allocation.models import Household
from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in
from wohnbuendnis.lib.tests import fuzzing

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]


def test_import_a_register_and_find_a_household(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    good = tmp_path / "register.csv"
    good.write_bytes(fuzzing.register_csv())
    broken = tmp_path / "register-kaputt.csv"
    broken.write_bytes(fuzzing.register_csv().replace(b";1;0;11.200,50;", b";1;0;elf;"))

    sign_in(page, "wohnungsamt")
    page.goto("/vermittlung/musterstadt/haushalte/")
    page.get_by_role("link", name="Bestehendes Register importieren (CSV oder XLSX)").click()
    assert axe_violations(page) == []
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(broken))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.get_by_text("Die Datei hat 1 Problem. Es wird nichts importiert.").wait_for()
    row = page.get_by_role("row").filter(has_text="Jahreseinkommen (€)").inner_text()
    assert row.split("\t")[0] == "3" and "gefunden „elf“" in row
    assert page.get_by_role("button", name="Jetzt importieren").count() == 0
    assert axe_violations(page) == []

    page.get_by_role("button", name="Datei verwerfen und andere hochladen").click()
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.get_by_text("3 neue Haushalte; 0 Haushalte sind schon im Register").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "allocation-register-import", full_page=False)
    page.get_by_role("button", name="Jetzt importieren").click()
    page.get_by_text("Importiert: 3 Haushalte").wait_for()
    assert Household.objects.filter(reference__startswith="A-20").count() == 3

    page.get_by_label("Aktenzeichen oder Name").fill("a-2023-0003")
    page.get_by_role("button", name="Suchen", exact=True).click()
    page.get_by_role("caption").filter(has_text="1 Haushalt").wait_for()
    assert "a-2023" not in page.url.lower()
    assert axe_violations(page) == []
    screenshot(page, "allocation-register-search", full_page=False)
    page.get_by_role("link", name="A-2023-0003").click()
    page.get_by_text("Family Ndiaye").first.wait_for()
