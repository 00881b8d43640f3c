"""The second factor as people meet it: who is asked, set-up, confirming a login, recovery codes
that work once, IT's reset – and that no page beyond set-up/verify/logout is reachable with the
password alone (outside the demo)."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wohnbuendnis.accounts import services
from wohnbuendnis.accounts.models import SecondFactorAction, SecondFactorEvent, User
from wohnbuendnis.accounts.roles import DEFINITIONS, SECOND_FACTOR_ROLES, Role

SETUP = reverse("second_factor_setup")
VERIFY = reverse("second_factor_verify")
OPEN_PAGES = {"second_factor_setup", "second_factor_verify", "logout", "set_language", "health"}


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    return settings


def _code(device: TOTPDevice, offset: int = 0) -> str:
    """The code the user's app shows now, or ``offset`` steps of 30 s later."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def _set_up(user: User) -> tuple[TOTPDevice, list[str]]:
    device = services.start_totp_setup(user)
    return services.confirm_totp_setup(user, _code(device))


# --- who is asked --------------------------------------------------------------------------


def test_every_role_declares_whether_it_sees_personal_data():
    assert set(DEFINITIONS) == set(Role)
    assert {
        Role.HOUSING_OFFICE, Role.SOCIAL_AGENCY, Role.LANDLORD,
        Role.JOBCENTER, Role.SOCIAL_WELFARE_OFFICE, Role.DATA_PROTECTION,
    } == SECOND_FACTOR_ROLES  # fmt: skip
    assert Role.HOUSING_OFFICE.needs_second_factor
    assert not Role.MEMBER.needs_second_factor


@pytest.mark.parametrize(
    "persona",
    ["wohnungsamt", "sozialtraeger", "vermieter", "jobcenter", "sozialamt", "datenschutz"],
    indirect=True,
)
def test_a_role_with_personal_data_is_led_to_the_set_up(client, required, persona, demo_alliance):
    client.force_login(persona)
    target = reverse("allocation:households", args=[demo_alliance.slug])
    response = client.get(target)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next={target.replace('/', '%2F')}"


def test_it_administration_is_led_to_the_set_up(client, required, demo_alliance):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").url.startswith(SETUP)
    assert client.get(reverse("start")).url.startswith(SETUP)


@pytest.mark.parametrize(
    "persona", ["koordination", "fachamt", "politik", "mitglied"], indirect=True
)
def test_roles_without_personal_data_are_not_asked(client, required, persona, demo_alliance):
    client.force_login(persona)
    assert client.get(reverse("start")).status_code == 200
    # an applicant page stays refused by the role matrix, not by the second factor
    assert (
        client.get(reverse("allocation:households", args=[demo_alliance.slug])).status_code == 403
    )


def test_in_the_demo_nobody_is_asked(client, settings, wohnungsamt, demo_alliance):
    settings.SECOND_FACTOR_REQUIRED = False
    client.force_login(wohnungsamt)
    response = client.get(reverse("allocation:households", args=[demo_alliance.slug]))
    assert response.status_code == 200


def test_someone_who_set_up_a_second_factor_is_asked_even_when_not_required(
    client, settings, mitglied
):
    settings.SECOND_FACTOR_REQUIRED = False
    _set_up(mitglied)
    client.force_login(mitglied)
    assert client.get(reverse("start")).url.startswith(VERIFY)


@pytest.mark.parametrize(("env", "expected"), [({"WOHNBUENDNIS_DEMO": "1"}, "False"), ({}, "True")])
def test_the_switch_is_on_outside_the_demo_and_off_in_it(env, expected, tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WOHNBUENDNIS_")}
    clean.update(env, WOHNBUENDNIS_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="x")
    code = "from wohnbuendnis.config import settings; print(settings.SECOND_FACTOR_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == expected


# --- set-up and confirming a login ---------------------------------------------------------


def test_set_up_shows_the_secret_as_text_and_gives_ten_recovery_codes(
    client, required, wohnungsamt
):
    client.force_login(wohnungsamt)
    html = client.get(SETUP).content.decode()
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert '<label class="kern-label" for="id_code">' in html
    assert "data:image/svg+xml;base64," in html
    device = TOTPDevice.objects.get(user=wohnungsamt, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    secret = secret.replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    response = client.post(SETUP, {"code": _code(device), "next": "/vermittlung/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", html)) == 10
    assert 'href="/vermittlung/"' in html
    assert SecondFactorEvent.objects.get(user=wohnungsamt).action == SecondFactorAction.SET_UP
    assert client.get(reverse("start")).status_code == 200  # this session is confirmed


def test_a_wrong_set_up_code_is_refused_in_german(client, required, wohnungsamt):
    client.force_login(wohnungsamt)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "Der Code stimmt nicht" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=wohnungsamt, confirmed=True).exists()
    assert client.get(reverse("start")).url.startswith(SETUP)


def test_a_login_with_a_device_is_confirmed_with_the_code(
    client, required, wohnungsamt, demo_alliance
):
    device, _codes = _set_up(wohnungsamt)
    client.force_login(wohnungsamt)
    page = reverse("allocation:households", args=[demo_alliance.slug])
    response = client.get(page)
    assert response.url == f"{VERIFY}?next={page.replace('/', '%2F')}"
    response = client.post(VERIFY, {"code": "123 456", "next": page})
    assert "Der Code stimmt nicht" in response.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # no waiting in the test
    device.save()
    response = client.post(VERIFY, {"code": _code(device, offset=1), "next": page})
    assert response.status_code == 302 and response.url == page
    assert client.get(page).status_code == 200


def test_verify_does_not_redirect_elsewhere(client, required, wohnungsamt):
    device, _codes = _set_up(wohnungsamt)
    client.force_login(wohnungsamt)
    response = client.post(
        VERIFY, {"code": _code(device, offset=1), "next": "https://evil.example/"}
    )
    assert response.url == reverse("start")


def test_a_code_works_only_once_and_wrong_tries_slow_down(client, required, wohnungsamt):
    required.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after one failure: no race with the clock
    device, _codes = _set_up(wohnungsamt)  # used the current code
    client.force_login(wohnungsamt)
    response = client.post(VERIFY, {"code": _code(device)})
    assert response.status_code == 200  # replay of the set-up code refused
    response = client.post(VERIFY, {"code": _code(device, offset=1)})
    assert "Zu viele falsche Codes" in response.content.decode()  # right code, but too soon


def test_a_stolen_password_cannot_set_up_a_new_device(client, required, wohnungsamt):
    device, _codes = _set_up(wohnungsamt)
    client.force_login(wohnungsamt)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.post(SETUP, {"code": "000000"})
    assert response.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=wohnungsamt)) == [device]


# --- recovery codes ------------------------------------------------------------------------


def test_a_recovery_code_works_once(client, required, wohnungsamt):
    _device, codes = _set_up(wohnungsamt)
    client.force_login(wohnungsamt)
    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("start")).status_code == 200
    event = SecondFactorEvent.objects.filter(action=SecondFactorAction.RECOVERY_CODE_USED).get()
    assert event.note == "9 Codes übrig"

    client.post(reverse("logout"))
    client.force_login(wohnungsamt)
    response = client.post(VERIFY, {"code": codes[0]})
    assert "Der Code stimmt nicht" in response.content.decode()
    assert client.get(reverse("start")).url.startswith(VERIFY)


def test_recovery_codes_can_be_seen_and_renewed(client, required, wohnungsamt):
    device, codes = _set_up(wohnungsamt)
    client.force_login(wohnungsamt)
    client.post(VERIFY, {"code": _code(device, offset=1)})
    html = client.get(reverse("second_factor")).content.decode()
    assert all(code in html for code in codes)
    assert client.get(reverse("second_factor_recovery_codes")).status_code == 405
    html = client.post(reverse("second_factor_recovery_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(new) == 10 and not set(new) & set(codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert SecondFactorEvent.objects.filter(action=SecondFactorAction.RECOVERY_CODES).count() == 1


# --- IT resets a lost device ---------------------------------------------------------------


def test_it_resets_a_lost_device_with_a_history_row(client, settings, wohnungsamt, demo_alliance):
    settings.SECOND_FACTOR_REQUIRED = False  # IT's own second factor is tested above
    _set_up(wohnungsamt)
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [wohnungsamt.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=wohnungsamt).exists()
    assert not StaticToken.objects.filter(device__user=wohnungsamt).exists()
    event = SecondFactorEvent.objects.get(action=SecondFactorAction.RESET)
    assert (event.user, event.actor) == (wohnungsamt, admin)

    settings.SECOND_FACTOR_REQUIRED = True
    client.force_login(wohnungsamt)
    assert client.get(reverse("start")).url.startswith(SETUP)  # set up anew


def test_only_it_may_reset(wohnungsamt, koordination):
    _set_up(wohnungsamt)
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(wohnungsamt, by=koordination)
    assert TOTPDevice.objects.filter(user=wohnungsamt).exists()


def test_the_device_admin_of_django_otp_is_not_offered(client, settings, demo_alliance):
    settings.SECOND_FACTOR_REQUIRED = False
    client.force_login(User.objects.get(username="admin"))
    html = client.get("/admin/").content.decode()
    assert "otp_totp" not in html and "otp_static" not in html
    assert "accounts/secondfactorevent" in html


# --- the pages themselves ------------------------------------------------------------------

PAGES = ["second_factor", "second_factor_setup", "second_factor_verify"]


@pytest.mark.parametrize("persona", [*Role.values, "oeffentlichkeit"], indirect=True)
def test_own_second_factor_pages_are_open_to_every_account_and_closed_to_the_public(
    client, persona
):
    if persona is None:
        for name in PAGES:
            response = client.get(reverse(name))
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert client.post(reverse("second_factor_recovery_codes")).url.startswith("/konto/anm")
        return
    client.force_login(persona)
    assert client.get(reverse("second_factor")).status_code == 200
    assert client.get(reverse("second_factor_setup")).status_code == 200
    # verify without a device leads to the set-up; renewing codes needs a device
    assert client.get(reverse("second_factor_verify")).url == reverse("second_factor_setup")
    assert client.post(reverse("second_factor_recovery_codes")).url == SETUP


# --- the answer kept in a shared cache (issue 18) -------------------------------------------


def test_with_a_shared_cache_the_gate_follows_every_device_change(
    client, settings, mitglied, django_capture_on_commit_callbacks
):
    """Members without a second factor pass the gate on every request: with Redis the answer
    "no device" is kept, and setting one up or IT's reset is seen on the next request."""
    settings.REDIS = True  # lib.caching.shared(): the path of the production setup
    settings.SECOND_FACTOR_REQUIRED = False
    client.force_login(mitglied)
    assert client.get(reverse("start")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("start")).status_code == 200
    assert not [q for q in queries if "otp_" in q["sql"]]  # answered from the cache

    with django_capture_on_commit_callbacks(execute=True):
        _set_up(mitglied)
    assert client.get(reverse("start")).url.startswith(VERIFY)

    with django_capture_on_commit_callbacks(execute=True):
        services.reset_second_factor(mitglied, User.objects.get(username="admin"))
    assert client.get(reverse("start")).status_code == 200


def test_a_device_change_not_yet_committed_is_not_kept_as_the_answer(
    settings, mitglied, django_capture_on_commit_callbacks
):
    """A request that reads the devices while a set-up is being committed may see the old
    state; what it stores is keyed by the old generation and not used after the commit."""
    from wohnbuendnis.accounts.queries import has_second_factor

    settings.REDIS = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _set_up(mitglied)
        TOTPDevice.objects.filter(user=mitglied).update(confirmed=False)  # as before the commit
        StaticToken.objects.filter(device__user=mitglied).delete()
        mitglied.staticdevice_set.all().delete()
        assert has_second_factor(mitglied) is False  # stored under the old generation
        TOTPDevice.objects.filter(user=mitglied).update(confirmed=True)  # now "committed"
    for callback in callbacks:
        callback()
    assert has_second_factor(mitglied) is True
