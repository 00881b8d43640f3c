"""Uploaded import files, kept under their SHA-256 until they are committed, so that the
preview and the commit read the same bytes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings

UPLOAD_DIR = "monitoring-uploads"
_SHA = re.compile(r"^[0-9a-f]{64}$")


def store_upload(uploaded) -> tuple[str, str]:
    """Keep an uploaded file until it is committed; returns (sha256, file name). The same file
    always lands in the same place, so a re-upload is harmless."""
    data = uploaded.read()
    sha = hashlib.sha256(data).hexdigest()
    name = Path(uploaded.name).name or "upload"
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / sha
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return sha, name


def stored_upload(sha: str) -> Path:
    """The path of a stored upload; raises ``FileNotFoundError`` for an unknown one."""
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / sha
    files = sorted(folder.iterdir()) if _SHA.match(sha) and folder.is_dir() else []
    if not files:
        raise FileNotFoundError(sha)
    return files[0]
