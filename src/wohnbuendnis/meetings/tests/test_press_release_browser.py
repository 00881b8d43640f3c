"""Acceptance (issue 17): a press release goes public only after approval. The Koordination
drafts it and sends it to a partner organisation (the request mail is captured), the public
page does not show it, the partner approves, the Koordination publishes, the public sees it.
axe on each new page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("news")]

TITLE = "Bündnis startet Mietspiegel-Beratung"
GWM = "Gemeinnützige Wohnungsbaugesellschaft Musterstadt mbH"


def _as(page, username: str | None) -> None:
    page.context.clear_cookies()
    if username:
        sign_in(page, username)


def test_a_press_release_goes_public_only_after_the_partners_approval(page):
    today = timezone.localdate()
    _as(page, "koordination")
    page.goto("/sitzungen/musterstadt/presse/neu/")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label("Text").fill("Ab Mai beraten Mieterbund und GWM gemeinsam.")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Der Entwurf der Pressemitteilung ist gespeichert.")).to_be_visible()
    detail = page.url

    page.get_by_role("link", name="Zur Freigabe an Partner senden").click()
    page.get_by_label(GWM).check()
    deadline = today + datetime.timedelta(days=5)
    page.get_by_label("Freigabe bis").fill(deadline.isoformat())
    assert axe_violations(page) == []
    mail.outbox.clear()
    page.get_by_role("button", name="Zur Freigabe senden").click()
    expect(page.get_by_text("Die Pressemitteilung ist zur Freigabe versandt.")).to_be_visible()
    assert mail.outbox and all(TITLE in m.subject for m in mail.outbox)
    assert detail.split("//", 1)[1].split("/", 1)[1] in mail.outbox[0].body
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text(f"Die Freigabe der aktuellen Fassung fehlt von {GWM}.")).to_be_visible()
    assert axe_violations(page) == []

    _as(page, None)
    page.goto("/sitzungen/musterstadt/presse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pressemitteilungen")
    assert TITLE not in page.content()
    assert page.goto(detail).status == 404

    _as(page, "vermieter")
    page.goto("/sitzungen/musterstadt/presse/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Freigeben oder Änderungen erbitten").click()
    page.get_by_label("freigegeben").check()
    assert axe_violations(page) == []
    screenshot(page, "press-release-approval", full_page=False)
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.get_by_text("Ihre Entscheidung ist gespeichert.")).to_be_visible()

    _as(page, "koordination")
    page.goto(detail)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Die Pressemitteilung ist veröffentlicht.")).to_be_visible()

    _as(page, None)
    page.goto("/sitzungen/musterstadt/presse/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
