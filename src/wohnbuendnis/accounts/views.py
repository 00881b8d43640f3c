"""The second factor's pages: set up an authenticator, confirm a login, recovery codes."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from wohnbuendnis.accounts import services
from wohnbuendnis.accounts.forms import SecondFactorCodeForm, SetupCodeForm
from wohnbuendnis.accounts.queries import recovery_codes, second_factor_required


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _qr_code(device: TOTPDevice) -> str:
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2
    )
    svg = image.to_string(encoding="unicode").encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _secret_text(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: QR code and the secret as text; confirm with one code."""
    user = request.user
    if _has_authenticator(user) and not user.is_verified():
        # a new device needs the old one first: a stolen password must not add its own
        query = urlencode({"next": _next(request)})
        return redirect(f"{reverse('second_factor_verify')}?{query}")
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_totp_setup(user, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            context = {"codes": codes, "next": _next(request), "first": True}
            return render(request, "accounts/second_factor_codes.html", context)
    device = services.start_totp_setup(user)
    context = {
        "form": form,
        "qr_code": _qr_code(device),
        "secret": _secret_text(device),
        "next": _next(request),
        "required": second_factor_required(user),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this login with a code of the authenticator or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not django_otp.user_has_device(user):
        return redirect("second_factor_setup")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(user, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            return redirect(_next(request))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)}
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The own second factor: state, the unused recovery codes, renew them, a new app."""
    context = {
        "has_authenticator": _has_authenticator(request.user),
        "codes": recovery_codes(request.user),
        "required": second_factor_required(request.user),
    }
    return render(request, "accounts/second_factor.html", context)


@login_required
@require_POST
def renew_recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.regenerate_recovery_codes(request.user)
    except ValidationError:
        return redirect("second_factor_setup")
    context = {"codes": codes, "next": settings.LOGIN_REDIRECT_URL, "first": False}
    return render(request, "accounts/second_factor_codes.html", context)
