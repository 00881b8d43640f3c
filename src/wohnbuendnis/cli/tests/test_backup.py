"""Backup and restore: the demo data set and its uploaded files go into one archive, come back
into an empty database row by row and byte by byte, and a damaged archive or a non-empty
database is refused (exit 2) with nothing written. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from wohnbuendnis import demo
from wohnbuendnis.cli import main
from wohnbuendnis.lib import backup

PDF = b"%PDF-1.4\n% Tagesordnung\n" + bytes(range(256)) * 40


def _rows() -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key, as the database returns it."""
    return {
        model._meta.label_lower: list(
            model._base_manager.order_by("pk").values_list(
                *[f.attname for f in model._meta.local_concrete_fields]
            )
        )
        for model in backup.backed_up_models()
    }


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _empty(media: Path) -> None:
    """A fresh instance: migrated tables (with what migrate fills), no uploaded files."""
    with connection.cursor() as cursor:
        backup._fire_pending_checks(cursor)  # the demo was written in this test's transaction
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


@pytest.fixture
def instance(db, settings, tmp_path) -> Path:
    """The demo data set with its files under a MEDIA_ROOT of its own, plus a meeting document."""
    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.forecast.models import InputData
    from wohnbuendnis.meetings import services
    from wohnbuendnis.meetings.models import AgendaItem

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    demo.generate(parts=("process", "forecast"))
    item = AgendaItem.objects.order_by("pk").first()
    uploader = User.objects.get(username="koordination")
    document = services.add_document(item, uploader, SimpleUploadedFile("tagesordnung.pdf", PDF))
    assert document.file.name and InputData.objects.exists()
    return media


def test_round_trip_gives_the_same_rows_and_files(instance, tmp_path, client):
    rows, files = _rows(), _files(instance)
    assert any(name.endswith(".zip") for name in files) and any(
        content == PDF for content in files.values()
    )
    archive = tmp_path / "out" / "sicherung.zip"

    assert main(["backup", "--out", str(archive)]) == 0
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert manifest["tables"]["accounts.user"]["rows"] == len(rows["accounts.user"])
    assert set(manifest["files"]) == set(files)

    _empty(instance)
    assert _rows() != rows and _files(instance) == {}
    assert main(["restore", str(archive)]) == 0

    after = _rows()
    assert after.keys() == rows.keys()
    for label in rows:  # row by row, each table
        assert after[label] == rows[label], label
    assert _files(instance) == files
    _pages_serve_the_restored_files(client, files)
    # New rows get fresh keys (PostgreSQL's sequences follow the restored rows).
    from wohnbuendnis.accounts.models import User

    assert User.objects.create(username="neu-nach-restore").pk > max(
        r[0] for r in rows["accounts.user"]
    )


def _pages_serve_the_restored_files(client, files: dict[str, bytes]) -> None:
    from django.urls import reverse

    from wohnbuendnis.accounts.models import User
    from wohnbuendnis.forecast.models import InputData
    from wohnbuendnis.meetings.models import AgendaDocument

    data = InputData.objects.get()
    document = AgendaDocument.objects.get()
    client.force_login(User.objects.get(username="koordination"))
    url = reverse("forecast:download_inputs", args=[data.alliance.slug, data.pk])
    assert client.get(url).content == files[data.archive.name]
    response = client.get(reverse("meetings:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_non_empty_database_is_refused_without_force(instance, tmp_path, capsys):
    archive = tmp_path / "sicherung.zip"
    assert main(["backup", "--out", str(archive)]) == 0
    rows = _rows()
    from wohnbuendnis.alliance.models import Alliance

    Alliance.objects.filter(pk=Alliance.objects.order_by("pk").first().pk).update(name="geändert")
    changed = _rows()

    assert main(["restore", str(archive)]) == 2
    assert "nicht leer" in capsys.readouterr().err
    assert _rows() == changed

    assert main(["restore", str(archive), "--force"]) == 0
    assert _rows() == rows


def _damaged(archive: Path, damage: str) -> bytes:
    data = bytearray(archive.read_bytes())
    if damage == "byte":
        data[len(data) // 3] ^= 0xFF
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "not_a_zip":
        data = bytearray(b"kein Archiv")
    else:  # a consistent ZIP whose manifest promises another checksum
        buffer = io.BytesIO()
        with zipfile.ZipFile(archive) as src, zipfile.ZipFile(buffer, "w") as out:
            for info in src.infolist():
                content = src.read(info)
                if info.filename == "manifest.json":
                    manifest = json.loads(content)
                    manifest["tables"]["accounts.user"]["sha256"] = "0" * 64
                    content = json.dumps(manifest).encode()
                out.writestr(info.filename, content)
        data = bytearray(buffer.getvalue())
    return bytes(data)


def test_a_damaged_archive_is_refused_and_nothing_is_written(instance, tmp_path, capsys):
    archive = tmp_path / "sicherung.zip"
    assert main(["backup", "--out", str(archive)]) == 0
    _empty(instance)
    rows = _rows()
    for damage in ["byte", "truncated", "not_a_zip", "manifest"]:
        broken = tmp_path / f"{damage}.zip"
        broken.write_bytes(_damaged(archive, damage))

        assert main(["restore", str(broken)]) == 2, damage
        assert "Fehler / error" in capsys.readouterr().err
        assert _rows() == rows
        assert _files(instance) == {}


def test_backup_output_is_atomic(db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = tmp_path / "out"

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_write_file", fail)
    (settings.MEDIA_ROOT).mkdir()
    (settings.MEDIA_ROOT / "x.txt").write_text("x")
    with pytest.raises(OSError):
        main(["backup", "--out", str(out / "sicherung.zip")])
    assert list(out.iterdir()) == []
