"""``wohnbuendnis backup --out FILE`` and ``wohnbuendnis restore FILE [--force]``.

One ZIP archive of the configured database (every table) and every uploaded file
(``MEDIA_ROOT``) with a manifest: versions, applied migrations, row count and SHA-256 per table,
SHA-256 per file. Works on SQLite and PostgreSQL, and across them. How and why the dump is
portable: ``wohnbuendnis.lib.backup``.

Exit codes as every subcommand: 2 for a damaged or foreign archive, a non-empty database
without ``--force`` or an archive of another version (nothing written); 1 for anything else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wohnbuendnis.cli import EXIT_INVALID, EXIT_OK
from wohnbuendnis.cli._common import Progress, atomic_output_file
from wohnbuendnis.cli.web import setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="Datenbank und hochgeladene Dateien sichern / back up database and files",
        description="Schreibt eine Sicherung der konfigurierten Datenbank (alle Tabellen) und "
        "aller hochgeladenen Dateien (MEDIA_ROOT) in ein ZIP-Archiv mit Manifest. / Writes "
        "every table of the configured database and every uploaded file to one archive.",
    )
    backup.add_argument("--out", required=True, type=Path, help="Sicherungsdatei / archive")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="Sicherung in eine leere Datenbank einspielen / restore a backup",
        description="Spielt eine Sicherung in die konfigurierte, leere Datenbank und nach "
        "MEDIA_ROOT ein; prüft vorher alle Prüfsummen. / Restores an archive into the "
        "configured, empty database and its files; verifies every checksum first.",
    )
    restore.add_argument("file", type=Path, help="Sicherungsdatei / archive")
    restore.add_argument(
        "--force",
        action="store_true",
        help="auch eine nicht leere Datenbank ersetzen / replace a non-empty database",
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    setup_django()
    from wohnbuendnis.lib import backup

    progress = Progress("Sicherung / backup", 1)
    with atomic_output_file(args.out) as tmp:
        manifest = backup.write_backup(tmp, lambda done, total: _step(progress, done, total))
    progress.finish()
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    print(
        f"Sicherung / backup: {args.out} – {len(manifest['tables'])} Tabellen / tables, "
        f"{rows} Zeilen / rows, {len(manifest['files'])} Dateien / files",
        file=sys.stderr,
    )
    return EXIT_OK


def _step(progress: Progress, done: int, total: int) -> None:
    progress.total = total
    progress.update(done)


def run_restore(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from wohnbuendnis.lib import backup

    try:
        manifest = backup.read_manifest(args.file)  # before anything is written
        call_command("migrate", interactive=False, verbosity=0)
        backup.check_compatible(manifest, args.file)
    except backup.BackupError as error:
        print(f"Fehler / error: {error}", file=sys.stderr)
        return EXIT_INVALID
    filled = backup.non_empty_tables()
    if filled and not args.force:
        print(
            "Fehler / error: die Datenbank ist nicht leer / the database is not empty "
            f"({', '.join(filled[:5])}{' …' if len(filled) > 5 else ''}); "
            "--force ersetzt ihren Inhalt / --force replaces its content",
            file=sys.stderr,
        )
        return EXIT_INVALID
    progress = Progress("Wiederherstellung / restore", len(manifest["tables"]))
    backup.restore_backup(args.file, manifest, lambda done, _total: progress.update(done))
    progress.finish()
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    print(
        f"Wiederhergestellt / restored: {rows} Zeilen / rows, "
        f"{len(manifest['files'])} Dateien / files",
        file=sys.stderr,
    )
    return EXIT_OK
