"""Backup and restore of an instance: every table of the configured database and every file
under ``MEDIA_ROOT`` in one ZIP archive with a manifest (``wohnbuendnis backup`` / ``restore``).

Why a portable dump through the ORM and not ``pg_dump`` or SQLite's backup API: the same archive
restores into SQLite and PostgreSQL (a demo can move to a server), it needs no client programs of
the right major version on the host, and it restores the *same rows*: every concrete model,
including Django's own (users, permissions, content types, sessions) and the tables of
``django_tasks_db`` and ``axes``, and every many-to-many table, is written with its primary keys.

- Values are encoded per field with ``value_to_string`` / ``to_python`` (the pair Django's
  serializers use), which round-trips exactly (microseconds of timestamps, decimals, floats,
  JSON, binary); JSON's own types pass through as they are.
- Tables are streamed: one JSON array per row, one ZIP member per table, read and written in
  batches of ``BATCH`` rows, so a table of millions of rows never sits in memory.
- Restore writes every row with ``raw=True`` inserts (what ``loaddata`` does: no ``auto_now``,
  no signals), inside one transaction with foreign keys checked at its end, so rows may come in
  any order and a failure leaves the database as it was. Content types and permissions that
  ``migrate`` created are replaced by the archive's, so generic relations keep their ids.
  PostgreSQL's sequences are reset to the restored maximum afterwards.
- The archive is verified completely (format, SHA-256 of every member, row counts) before
  anything is written; files are unpacked into a staging folder and moved into ``MEDIA_ROOT``
  only after the database transaction committed.
- The schema must be the same: the archive records the applied migrations, and a restore into
  an instance of another version is refused (restore with the same version, then upgrade).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import platform
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

import wohnbuendnis

FORMAT, FORMAT_VERSION = "wohnbuendnis-backup", 1
MANIFEST = "manifest.json"
BATCH = 1000
CHUNK = 1024 * 1024
# Tables that ``migrate`` fills itself: rows there do not make a database "not empty".
SEEDED = {"contenttypes.contenttype", "auth.permission", "monitoring.indicator"}

Progress = Callable[[int, int], None]


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), sorted by label."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _encode(field: models.Field, obj: models.Model):
    value = getattr(obj, field.attname)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(obj)


def _decode(field: models.Field, value):
    return None if value is None else field.to_python(value)


# --- backup -----------------------------------------------------------------------------------


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def _write_table(archive: zipfile.ZipFile, model: type[models.Model]) -> dict:
    fields = _fields(model)
    member = f"db/{model._meta.label_lower}.jsonl"
    digest, rows = hashlib.sha256(), 0
    with archive.open(member, "w", force_zip64=True) as out:
        for obj in model._base_manager.order_by("pk").iterator(chunk_size=BATCH):
            line = json.dumps([_encode(f, obj) for f in fields], ensure_ascii=False) + "\n"
            data = line.encode("utf-8")
            digest.update(data)
            out.write(data)
            rows += 1
    return {
        "table": model._meta.db_table,
        "columns": [f.attname for f in fields],
        "rows": rows,
        "member": member,
        "sha256": digest.hexdigest(),
    }


def _write_file(archive: zipfile.ZipFile, name: str, path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as src, archive.open(f"media/{name}", "w", force_zip64=True) as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def write_backup(path: Path, progress: Progress | None = None) -> dict:
    """Write the archive to ``path``; returns its manifest. The tables are read in one
    transaction (on PostgreSQL a repeatable-read snapshot), so they fit together."""
    chosen = backed_up_models()
    manifest: dict = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": {
            "wohnbuendnis": wohnbuendnis.__version__,
            "django": django.get_version(),
            "python": platform.python_version(),
            "database": connection.vendor,
        },
        "tables": {},
        "files": {},
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            manifest["migrations"] = applied_migrations()
            for done, model in enumerate(chosen, 1):
                manifest["tables"][model._meta.label_lower] = _write_table(archive, model)
                if progress:
                    progress(done, len(chosen))
        for name, file_path in _media_files():
            manifest["files"][name] = _write_file(archive, name, file_path)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


# --- verification -----------------------------------------------------------------------------


class BackupError(ValueError):
    """A backup archive that cannot be restored: damaged, foreign, missing or of another
    program version. The message is German (operators read it on the command line)."""

    def __init__(self, file: Path | str, expected: str) -> None:
        super().__init__(f"{file}: {expected}")


def _damaged(file: Path, what: str) -> BackupError:
    return BackupError(file, f"eine unbeschädigte Sicherung von wohnbuendnis erwartet ({what})")


def _check_member(archive: zipfile.ZipFile, member: str, expected: dict, file: Path) -> None:
    digest, lines = hashlib.sha256(), 0
    with archive.open(member) as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    if digest.hexdigest() != expected["sha256"]:
        raise _damaged(file, f"Prüfsumme von {member} stimmt nicht")
    if "rows" in expected and lines != expected["rows"]:
        raise _damaged(file, f"{member} hat {lines} statt {expected['rows']} Zeilen")


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def read_manifest(file: Path) -> dict:
    """The manifest of ``file`` after checking every member against it; raises BackupError for
    anything but an undamaged archive of this format (nothing is written)."""
    try:
        with zipfile.ZipFile(file) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if manifest.get("format") != FORMAT or manifest.get("format_version") != 1:
                raise _damaged(file, "unbekanntes Format")
            for entry in manifest["tables"].values():
                _check_member(archive, entry["member"], entry, file)
            for name, entry in manifest["files"].items():
                if not _safe_name(name):
                    raise _damaged(file, f"unzulässiger Dateiname {name}")
                _check_member(archive, f"media/{name}", entry, file)
    except BackupError:
        raise
    except FileNotFoundError:
        raise BackupError(file, "eine vorhandene Sicherungsdatei erwartet") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as error:
        raise _damaged(file, type(error).__name__) from None
    return manifest


def check_compatible(manifest: dict, file: Path) -> None:
    """Refuse an archive of another schema version or with tables this version lacks."""
    here, there = set(applied_migrations()), set(manifest["migrations"])
    if here != there:
        missing = sorted(there - here)[:3] or sorted(here - there)[:3]
        raise BackupError(
            file,
            "eine Sicherung derselben Programmversion (Migrationen unterscheiden sich: "
            f"{', '.join(missing)}); mit derselben Version wiederherstellen, dann aktualisieren",
        )
    known = {model._meta.label_lower: model for model in backed_up_models()}
    for label, entry in manifest["tables"].items():
        model = known.get(label)
        if model is None or [f.attname for f in _fields(model)] != entry["columns"]:
            raise BackupError(file, f"eine Sicherung mit passender Tabelle {label} erwartet")


def non_empty_tables() -> list[str]:
    """Tables with rows, except those ``migrate`` fills itself."""
    return [
        model._meta.label_lower
        for model in backed_up_models()
        if model._meta.label_lower not in SEEDED and model._base_manager.exists()
    ]


# --- restore ----------------------------------------------------------------------------------


def _load_table(archive: zipfile.ZipFile, model: type[models.Model], entry: dict) -> None:
    fields = _fields(model)
    batch: list[models.Model] = []

    def flush() -> None:
        size = max(1, connection.ops.bulk_batch_size(fields, batch))
        for start in range(0, len(batch), size):
            model._base_manager._insert(batch[start : start + size], fields=fields, raw=True)
        batch.clear()

    with archive.open(entry["member"]) as f:
        for line in f:
            values = json.loads(line)
            batch.append(
                model(**{fd.attname: _decode(fd, v) for fd, v in zip(fields, values, strict=True)})
            )
            if len(batch) >= BATCH:
                flush()
    if batch:
        flush()


def _unpack_files(archive: zipfile.ZipFile, manifest: dict, staging: Path) -> None:
    for name in manifest["files"]:
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(f"media/{name}") as src, target.open("wb") as out:
            shutil.copyfileobj(src, out, CHUNK)


def _move_files(staging: Path, names) -> None:
    root = Path(settings.MEDIA_ROOT)
    for name in names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)


def _fire_pending_checks(cursor) -> None:
    """PostgreSQL refuses to truncate a table with deferred foreign-key checks still pending
    in this transaction (rows written earlier in it): run them now."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_backup(file: Path, manifest: dict, progress: Progress | None = None) -> None:
    """Replace every table's rows by the archive's and put its files under ``MEDIA_ROOT``
    (files of the same name are replaced; others are left alone). ``read_manifest`` and
    ``check_compatible`` must have passed."""
    known = {model._meta.label_lower: model for model in backed_up_models()}
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root))
    try:
        with zipfile.ZipFile(file) as archive:
            _unpack_files(archive, manifest, staging)
            with transaction.atomic(), connection.cursor() as cursor:
                _fire_pending_checks(cursor)
                tables = [model._meta.db_table for model in known.values()]
                for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                    cursor.execute(sql)
                for done, (label, entry) in enumerate(sorted(manifest["tables"].items()), 1):
                    _load_table(archive, known[label], entry)
                    if progress:
                        progress(done, len(manifest["tables"]))
                for sql in connection.ops.sequence_reset_sql(no_style(), list(known.values())):
                    cursor.execute(sql)
                connection.check_constraints()
        _move_files(staging, manifest["files"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
