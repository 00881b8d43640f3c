"""``manage send_reminders``: e-mail the deadline reminders that are due (run daily)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from wohnbuendnis.meetings.services import approve_due_tacitly, send_reminders


class Command(BaseCommand):
    help = (
        "Tacitly approve minutes of bodies with tacit approval whose deadline passed without "
        "objection; send reminders for circulated minutes and for tasks due, each one only "
        "once, so the command may run as often as needed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Reference date (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, today: datetime.date | None = None, **options) -> None:
        approved = approve_due_tacitly(today)
        if approved:
            self.stdout.write(f"{len(approved)} minutes approved tacitly")
        sent = send_reminders(today)
        self.stdout.write(f"{sent} reminder(s) sent")
