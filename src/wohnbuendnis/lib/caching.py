"""Django's cache for results that are expensive to compute and cheap to name.

The cache is Redis when ``REDIS_URL`` is set (shared by every server process) and each
process's own memory otherwise (``config/settings.py``, ``docs/configuration.md``). What goes in
here is either immutable (a finished forecast run's results: the key names the run and its
result file) or carries a generation in its key that a service bumps when the data change
(:func:`generation`, :func:`bump`), so nothing has to be found and deleted.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

_MISSING = object()


def key(*parts: object) -> str:
    """A cache key from ``parts``; long or unusual parts (names, lists) go in as a short hash,
    so every key is valid for memcached-style backends too."""
    text = ":".join(str(part) for part in parts)
    if len(text) <= 200 and text.isascii() and " " not in text:
        return text
    return f"{parts[0]}:{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}"


def cached(name: str, build: Callable[[], T], timeout: int | None = None) -> T:
    """The value stored under ``name``, built by ``build()`` and stored when missing.
    ``timeout``: seconds (``None``: the cache's default, ``CACHE_SECONDS``)."""
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = build()
        if timeout is None:
            cache.set(name, value)
        else:
            cache.set(name, value, timeout)
    return value  # type: ignore[return-value]


def _generation_key(name: str) -> str:
    return f"generation:{name}"


def generation(name: str) -> str:
    """The current generation of a family of entries (a random token, created on first use)."""
    token = cache.get(_generation_key(name))
    if token is None:
        token = uuid.uuid4().hex
        # add(): when two processes start a generation at once, both use the one stored first
        cache.add(_generation_key(name), token, None)
        token = cache.get(_generation_key(name)) or token
    return token


def bump(name: str) -> None:
    """Start a new generation: every entry keyed with the old one is never read again (and
    expires by itself)."""
    cache.set(_generation_key(name), uuid.uuid4().hex, None)


def kept(family: str, name: str, build: Callable[[], T]) -> T:
    """``build()`` kept under ``name`` with the generation of ``family`` it was built in, read
    together with the current generation in one round trip (for a value asked on every
    request). ``build()`` runs after the generation is read: a change committed meanwhile has
    bumped it, so a value built before that is stored under the old generation, never used."""
    found = cache.get_many([name, _generation_key(family)])
    current = found.get(_generation_key(family)) or generation(family)
    stored = found.get(name)
    if stored is not None and stored[0] == current:
        return stored[1]  # type: ignore[no-any-return]
    value = build()
    cache.set(name, (current, value))
    return value


def shared() -> bool:
    """Whether every server process sees the same cache (Redis), so that :func:`bump` in one
    process reaches the others at once."""
    return bool(getattr(settings, "REDIS", False))


@functools.cache
def release(*apps: str) -> str:
    """A digest of the templates of ``apps`` (folder names in the package) and of the
    translations: part of the key of cached HTML, so that parts cached by an older release
    (Redis outlives a restart) are never shown by a newer one."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=8)
    for app in apps:
        for path in sorted((package / app / "templates").rglob("*.html")):
            digest.update(path.read_bytes())
    for path in sorted((package / "locale").rglob("*.mo")):
        digest.update(path.read_bytes())
    return digest.hexdigest()
