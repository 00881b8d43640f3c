"""Helpers the view modules share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError

by_pk = {"lookup": "pk", "url_kwarg": "pk"}


def _apply(request, action: Callable[[], object], success: str) -> bool:
    """Run a service call; its ValidationError becomes an error message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True
