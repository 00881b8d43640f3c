"""``manage close_consultations``: close the consultations whose deadline has passed (daily)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from wohnbuendnis.consultations.services import close_due


class Command(BaseCommand):
    help = (
        "Close every open consultation whose deadline has passed (statements are refused "
        "after the deadline anyway); running it again is harmless."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Reference date (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, today: datetime.date | None = None, **options) -> None:
        closed = close_due(today)
        self.stdout.write(f"{len(closed)} consultation(s) closed")
