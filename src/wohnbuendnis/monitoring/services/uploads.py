"""Uploaded import files, kept under their SHA-256 until they are committed, so that the
preview and the commit read the same bytes.

A file is refused before it is read when it is larger than the limit of its import kind
(``settings.UPLOAD_LIMITS_MB``); it is copied and hashed chunk by chunk, never held whole in
memory. It is deleted when its import is committed, and by ``delete_expired_uploads`` (the
``delete_expired_uploads`` management command, run daily) when nobody committed it within
``settings.UPLOAD_RETENTION_HOURS``.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wohnbuendnis.lib import uploads
from wohnbuendnis.monitoring.models import ImportBatch
from wohnbuendnis.monitoring.services.imports import commit_import

UPLOAD_DIR = "monitoring-uploads"
_SHA = re.compile(r"^[0-9a-f]{64}$")


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def store_upload(uploaded, kind: str) -> tuple[str, str]:
    """Keep an uploaded file of import ``kind`` until it is committed; returns (sha256, file
    name). Raises ``ValidationError`` (naming the limit) for a file above the kind's limit,
    without reading it. The same file always lands in the same place, so a re-upload is
    harmless (and starts its retention period anew)."""
    uploads.check_size(uploaded, kind)
    name = Path(uploaded.name or "").name or "upload"
    _root().mkdir(parents=True, exist_ok=True)
    # Hash while copying into a folder of its own, then move the folder under its hash.
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=_root()))
    try:
        sha = uploads.save_chunks(uploaded, staging / name)
        folder = _root() / sha
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # the same file, stored by a parallel upload
            staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sha, name


def stored_upload(sha: str) -> Path:
    """The path of a stored upload; raises ``FileNotFoundError`` for an unknown one."""
    folder = _root() / sha
    files = sorted(folder.iterdir()) if _SHA.match(sha) and folder.is_dir() else []
    if not files:
        raise FileNotFoundError(sha)
    return files[0]


def discard_upload(sha: str) -> None:
    """Delete a stored upload (nothing happens for an unknown one)."""
    if _SHA.match(sha):
        shutil.rmtree(_root() / sha, ignore_errors=True)


def commit_upload(
    alliance, sha: str, kind: str, user=None, options: Mapping[str, str] | None = None
) -> ImportBatch | None:
    """Commit the stored upload ``sha`` as ``kind`` (``commit_import``) and delete the file once
    the import is committed; a refused import keeps it for a corrected retry until it expires.
    Raises ``FileNotFoundError`` for an unknown or expired upload."""
    path = stored_upload(sha)
    with transaction.atomic():
        batch = commit_import(alliance, path, kind, user, options)
        transaction.on_commit(lambda: discard_upload(sha))
    return batch


def delete_expired_uploads(max_age_hours: float | None = None, now: float | None = None) -> int:
    """Delete stored uploads older than ``max_age_hours`` (default
    ``settings.UPLOAD_RETENTION_HOURS``) and leftovers of interrupted uploads; returns how many
    were deleted. Run daily (``wohnbuendnis manage delete_expired_uploads``)."""
    hours = settings.UPLOAD_RETENTION_HOURS if max_age_hours is None else max_age_hours
    cutoff = (time.time() if now is None else now) - hours * 3600
    deleted = 0
    if not _root().is_dir():
        return 0
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            deleted += 1
    return deleted
