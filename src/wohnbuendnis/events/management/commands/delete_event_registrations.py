"""``wohnbuendnis manage delete_event_registrations [--days N]``: delete the personal data of
the registrations (name, e-mail, organisation) of events that ended more than
EVENT_REGISTRATION_RETENTION_DAYS ago; the events keep the counts (run daily; see
docs/configuration.md and docs/data-protection.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from wohnbuendnis.events import services


class Command(BaseCommand):
    help = (
        "Löscht die Anmeldedaten vergangener Veranstaltungen nach "
        "EVENT_REGISTRATION_RETENTION_DAYS Tagen; die Zahlen bleiben. / Deletes the personal "
        "data of event registrations past their retention; the counts stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Aufbewahrung in Tagen (Standard: {settings.EVENT_REGISTRATION_RETENTION_DAYS})",
        )

    def handle(self, *args, days: int | None = None, **options):
        deleted = services.delete_expired_registrations(days=days)
        # counts only: no personal data in the log
        self.stdout.write(f"{deleted} Anmeldung(en) gelöscht.")
