"""A person finds the news from the alliance's public start page, subscribes to the newsletter
(the consent box unticked until they tick it), the confirmation mail is captured, and the link
in it confirms the subscription. axe on each page, also at a phone's width."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot
from wohnbuendnis.news.models import Subscription, SubscriptionStatus

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("news")]


def test_a_person_subscribes_and_confirms_through_the_mailed_link(page):
    page.goto("/buendnisse/musterstadt/")
    page.get_by_role("link", name="Neuigkeiten und Newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuigkeiten")
    assert axe_violations(page) == []
    screenshot(page, "news", full_page=False)
    page.get_by_role("link", name="Wohnungsmarktbarometer 2025 erschienen").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Newsletter bestellen").click()
    consent = page.get_by_role("checkbox")
    expect(consent).not_to_be_checked()
    page.get_by_label("E-Mail-Adresse", exact=True).fill("leserin@example.org")
    assert axe_violations(page) == []
    mail.outbox.clear()
    page.get_by_role("button", name="Newsletter bestellen").click()
    # the box is required and was not ticked: nothing is sent
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter bestellen")
    assert not mail.outbox and not Subscription.objects.exists()
    consent.check()
    page.get_by_role("button", name="Newsletter bestellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte bestätigen Sie Ihre Anmeldung")
    (message,) = mail.outbox
    assert message.to == ["leserin@example.org"]
    link = re.search(r"https?://\S+/bestaetigen/\S+/", message.body).group(0)
    page.goto(link)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anmeldung bestätigen").click()
    expect(page.get_by_text("Sie erhalten ab jetzt den Newsletter")).to_be_visible()
    subscription = Subscription.objects.get(email="leserin@example.org")
    assert subscription.status == SubscriptionStatus.CONFIRMED


PHONE_PAGES = ["/neuigkeiten/musterstadt/", "/neuigkeiten/musterstadt/newsletter/"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_the_news_pages_fit_a_phone(page, path):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(path)
    assert axe_violations(page) == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
