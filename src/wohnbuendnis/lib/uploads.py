"""Uploaded files: a size limit per kind of upload, checked before the content is read, and
chunked copying and hashing, so that no upload is ever held whole in memory.

The limits (bytes by kind) are ``settings.UPLOAD_LIMITS_MB`` (docs/configuration.md). Files
larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` arrive as temporary files; ``CappedUploadHandler``
stops writing such a file to disk once it is past the largest limit (it keeps counting, so the
size check below still sees the real size and refuses it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024


def limit_mb(kind: str) -> int:
    """The largest accepted upload of ``kind`` in MB (a kind without its own limit gets the
    smallest one: a forgotten kind is refused early rather than read whole)."""
    limits = settings.UPLOAD_LIMITS_MB
    return int(limits.get(kind, min(limits.values())))


def limit_text(kind: str) -> str:
    """``höchstens 50 MB`` for help texts of upload fields."""
    return _("höchstens %(mb)s MB") % {"mb": limit_mb(kind)}


def check_size(upload, kind: str) -> None:
    """Refuse an upload larger than the limit of ``kind`` (German message naming the limit);
    reads nothing of the file: the size comes from the upload itself."""
    size = upload.size
    if size is None:
        raise ValidationError(_("Die Größe der Datei ist unbekannt; bitte erneut hochladen."))
    if size > limit_mb(kind) * MB:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind %(limit)s.")
            % {"size": filesizeformat(size), "limit": limit_text(kind)}
        )


def save_chunks(upload, path: Path) -> str:
    """Copy ``upload`` chunk by chunk to ``path`` (atomically: a temporary name beside it,
    renamed at the end) and return its SHA-256."""
    digest = hashlib.sha256()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".partial-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)
    return digest.hexdigest()


def sha256_chunks(upload) -> str:
    """The SHA-256 of an upload, read chunk by chunk."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file upload handler that stops writing past the largest upload
    limit: a 10 GB POST then fills neither memory nor the disk. It keeps counting the bytes,
    so ``file.size`` is the real size and ``check_size`` refuses the (truncated) file."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.cap = max(settings.UPLOAD_LIMITS_MB.values()) * MB
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= self.cap:
            self.file.write(raw_data)
