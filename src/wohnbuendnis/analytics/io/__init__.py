"""Readers and writers for outside formats: ``read_*`` reads a file, ``parse_*`` turns text into
a frame (pure), ``write_*`` writes. Invalid input raises :class:`InputError`."""

from wohnbuendnis.analytics.io.errors import InputError

__all__ = ["InputError"]
