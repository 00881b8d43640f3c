"""The gate of the second factor: a session that must be confirmed reaches nothing else.

After the password, a user who needs a second factor (``queries.second_factor_required``) or
who has set one up is sent to the verify page (with a device) or the set-up page (without),
keeping the page asked for in ``next``. Only those pages, logout and the language switch stay
open; every other view – every page with personal data – is refused until the session is
confirmed. Runs after ``django_otp.middleware.OTPMiddleware`` (``request.user.is_verified``).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from wohnbuendnis.accounts.queries import has_second_factor, second_factor_required

OPEN_URL_NAMES = frozenset(
    {"second_factor_setup", "second_factor_verify", "logout", "set_language", "health"}
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in OPEN_URL_NAMES:
            return None
        has_device = has_second_factor(user)
        if not has_device and not second_factor_required(user):
            return None
        target = reverse("second_factor_verify" if has_device else "second_factor_setup")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


#: Key of the last time a session was saved only to move its end (seconds since the epoch).
TOUCHED = "_touched"


def touch_interval() -> int:
    """Seconds between two saves of an unchanged session: a minute, or a tenth of the idle
    time when that is shorter."""
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


class IdleSessionMiddleware:
    """Sessions end ``SESSION_IDLE_MINUTES`` after the last request, without a database write
    on every request: a session that did not change is saved again (which moves its end) only
    when its last save is ``touch_interval()`` seconds old, so it ends between
    ``SESSION_IDLE_MINUTES`` minus a minute and ``SESSION_IDLE_MINUTES`` after the last request.
    Visitors without a session (the public pages) get none. Comes right after
    ``SessionMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if session.modified:
            if session.session_key is not None and session.keys():
                session[TOUCHED] = now  # saved anyway: the next minute needs no save
            return response
        last = int(session.get(TOUCHED, 0))
        if session.session_key is not None and now - last >= touch_interval():
            session[TOUCHED] = now  # marks the session modified: SessionMiddleware saves it
        return response
