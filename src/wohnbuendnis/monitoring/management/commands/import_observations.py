"""``wohnbuendnis manage import_observations FILE --alliance SLUG [--kind …]``: the same
preview and all-or-nothing commit as the web upload (monitoring.services)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib import input_errors
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind


class Command(BaseCommand):
    help = (
        "Importiert Beobachtungen, Regionalstatistik-, Stadt- und Zensustabellen oder "
        "Gebietsgrenzen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--alliance", required=True, help="Kurzname des Bündnisses")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.OBSERVATIONS)
        parser.add_argument("--indicator", default="", help="Indikator einer GENESIS-Tabelle")
        parser.add_argument("--key-property", default="", help="GeoJSON: Schlüssel-Eigenschaft")
        parser.add_argument("--name-property", default="", help="GeoJSON: Namens-Eigenschaft")
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts schreiben")

    def handle(self, *args, **options):
        alliance = Alliance.objects.filter(slug=options["alliance"]).select_related("area").first()
        if alliance is None:
            raise CommandError(f"Unbekanntes Bündnis: {options['alliance']}", returncode=2)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: Datei nicht gefunden", returncode=2)
        extra = {
            "indicator": options["indicator"],
            "key_property": options["key_property"],
            "name_property": options["name_property"],
        }
        extra = {k: v for k, v in extra.items() if v}
        preview = services.preview_import(alliance, path, options["kind"], None, extra)
        if not preview.ok:
            lines = [_problem(path, p) for p in preview.problems]
            raise CommandError("\n".join(lines), returncode=2)
        if options["dry_run"]:
            self.stdout.write(_summary(preview.created, preview.updated, preview.unchanged))
            return
        batch = services.commit_import(alliance, path, options["kind"], None, extra)
        if batch is None:
            self.stdout.write("Nichts Neues: 0 neu, 0 geändert.")
        else:
            self.stdout.write(_summary(batch.created, batch.updated, batch.unchanged))


def _problem(path: Path, problem: services.Problem) -> str:
    return f"{input_errors.where(str(path), problem.line, problem.column)}: {problem.text}"


def _summary(created: int, updated: int, unchanged: int) -> str:
    return f"{created} neu, {updated} geändert, {unchanged} unverändert."
