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


def site_language() -> translation.override:
    """The site's language, active for a block: for a text rendered from objects (a model's
    ``__str__`` naming a choice label) rather than from one message."""
    return translation.override(settings.LANGUAGE_CODE)


def in_site_language(message: str | Promise, /, **params: Any) -> str:
    """``message`` (a msgid marked with ``gettext_noop``, or a lazy string) translated into the
    site's language, with its ``%(name)s`` fields filled from ``params``; without ``params`` the
    text is returned as translated (a ``%`` in it stays as it is). Lazy params render in the
    site's language too: ``%`` turns them into text while it is active."""
    with site_language():
        text = str(message) if isinstance(message, Promise) else translation.gettext(message)
        return text % params if params else text


def joined(items: Iterable[str | Promise], separator: str = ", ") -> Promise:
    """``items`` joined by ``separator`` when rendered, not now: a list of lazy names (field
    names, choice labels) as one parameter of :func:`in_site_language`."""
    kept = list(items)
    return lazy(lambda: separator.join(str(item) for item in kept), str)()
