"""Texts that services store are written in the site's language (``LANGUAGE_CODE``).

A history note, a revision reason or a default name is read later by other people, on their
pages and in reports, whatever language the person who caused it was reading. Translating it
with ``gettext`` at the moment of the request would store English whenever that person's page
was English, and German colleagues would then read English notes. So the text is marked with
``gettext_noop`` (it stays in the .po file) and rendered here in the site's language, and so are
its parameters: a choice label or a field name passed lazily renders in that language too.

Texts for the reader of the moment (form errors, flash messages, mail to a person) keep
following the reader's language and do not belong here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy


def in_site_language(message: str | Promise, /, **params: Any) -> str:
    """``message`` (a msgid marked with ``gettext_noop``, or a lazy string) translated into the
    site's language, with its ``%(name)s`` placeholders filled from ``params``; without
    ``params`` the text is returned as translated (a ``%`` in it stays as it is)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) if isinstance(message, Promise) else translation.gettext(message)
        if not params:
            return text
        return text % {name: _rendered(value) for name, value in params.items()}


def _rendered(value: Any) -> Any:
    # A lazy parameter is rendered now, while the site's language is active; numbers stay
    # numbers so that %(n)d placeholders keep working.
    return str(value) if isinstance(value, Promise) else value


def joined(items: Iterable[str | Promise], separator: str = ", ") -> Promise:
    """``items`` joined by ``separator`` when rendered, not now: a list of lazy names (field
    names, choice labels) as one parameter of :func:`in_site_language`."""
    kept = list(items)
    return lazy(lambda: separator.join(str(item) for item in kept), str)()
