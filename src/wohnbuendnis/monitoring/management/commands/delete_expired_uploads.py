"""``wohnbuendnis manage delete_expired_uploads [--hours N]``: delete import files that were
uploaded for a preview but never committed (run daily; see docs/configuration.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from wohnbuendnis.monitoring import services


class Command(BaseCommand):
    help = (
        "Löscht hochgeladene Importdateien, die nicht importiert wurden und älter als "
        "UPLOAD_RETENTION_HOURS sind. / Deletes uncommitted import uploads past their retention."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help=f"Aufbewahrung in Stunden (Standard: {settings.UPLOAD_RETENTION_HOURS})",
        )

    def handle(self, *args, hours: float | None = None, **options):
        deleted = services.delete_expired_uploads(hours)
        self.stdout.write(f"{deleted} abgelaufene Upload(s) gelöscht.")
