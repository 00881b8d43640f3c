"""End to end in Debian's Chromium with the second factor required (as outside the demo): the
housing office signs in, sets up an authenticator from the secret shown as text, gets its
recovery codes, reaches the register; at the next login it confirms with a recovery code.
axe-core on every new page."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.demo_parts("allocation")]
HOUSEHOLDS = "/vermittlung/musterstadt/haushalte/"


def _code_for(secret: str) -> str:
    """What the person's authenticator app shows for the secret typed in by hand."""
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def _confirm(page, code: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Bestätigen").click()


def test_the_housing_office_signs_in_with_a_second_factor(page, settings):
    settings.SECOND_FACTOR_REQUIRED = True

    sign_in(page, "wohnungsamt")
    expect(page).to_have_url(re.compile(r"/konto/zwei-faktor/einrichten/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zweiten Faktor einrichten")
    assert axe_violations(page) == []
    screenshot(page, "second-factor-setup")
    page.goto(HOUSEHOLDS)  # the register stays closed until the code is confirmed
    expect(page).to_have_url(re.compile(r"/konto/zwei-faktor/einrichten/\?next="))

    _confirm(page, "000000")
    expect(page.get_by_text("Der Code stimmt nicht")).to_be_visible()
    page.wait_for_timeout(1100)  # one wrong try slows the next down for a second
    _confirm(page, _code_for(page.locator("#totp-secret").inner_text()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Wiederherstellungscodes")
    codes = page.locator(".wb-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="Weiter", exact=True).click()
    expect(page).to_have_url(re.compile(HOUSEHOLDS + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/konto/" not in page.url

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    sign_in(page, "wohnungsamt")
    expect(page).to_have_url(re.compile(r"/konto/zwei-faktor/bestaetigen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung bestätigen")
    assert axe_violations(page) == []
    _confirm(page, codes[0])  # the phone is elsewhere: a recovery code, once
    expect(page).not_to_have_url(re.compile(r"/konto/zwei-faktor/"))
    page.goto(HOUSEHOLDS)
    expect(page).to_have_url(re.compile(HOUSEHOLDS + "$"))

    page.goto("/konto/zwei-faktor/")
    expect(page.get_by_text("9 unbenutzte Codes")).to_be_visible()
    assert axe_violations(page) == []


def test_other_roles_sign_in_as_before(page, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    sign_in(page, "koordination")
    expect(page).not_to_have_url(re.compile(r"/konto/"))
