"""Helpers for thin views: fetch an object and check a permission on it in one step; call a
service and show its refusal as a message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache


def deny(request):
    """Anonymous users go to the login page; signed-in users without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def object_permission_required(
    perm: str, model: type[Model], *, lookup: str = "slug", url_kwarg: str = "slug"
) -> Callable:
    """Decorator: load ``model`` by ``url_kwarg`` and pass it to the view as second argument."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = get_object_or_404(model, **{lookup: kwargs.pop(url_kwarg)})
            if not request.user.has_perm(perm, obj):
                return deny(request)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


def run_service(request, action: Callable[[], object], success: str | None = None) -> bool:
    """Call a service (``action``, no arguments); its ``ValidationError`` becomes an error
    message for the user instead of an error page, success the ``success`` message. Returns
    whether the service succeeded. Views whose form must keep what was typed add the error to
    the form instead (``form.add_error(None, error)``)."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True


def no_store(view: Callable) -> Callable:
    """Decorator for pages that show personal data: ``Cache-Control: no-store`` (with Django's
    ``never_cache``: also no-cache, must-revalidate, private, max-age=0), so that neither the
    browser's cache nor a proxy keeps a copy after the person has left the page."""
    wrapped = never_cache(view)
    wrapped.no_store = True  # type: ignore[attr-defined]  # checked by the tests
    return wrapped
