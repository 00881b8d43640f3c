"""Scheduled job (e.g. daily cron): remind agencies and the housing office of housing
entitlements (WBS) that expire soon. Idempotent: each entitlement is reminded once."""

from django.core.management.base import BaseCommand

from wohnbuendnis.allocation import services


class Command(BaseCommand):
    help = "E-mail reminders of housing entitlements (WBS) that expire within 60 days."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of this installation for the case links, e.g. https://wohnen.example.org",
        )

    def handle(self, *args, **options) -> None:
        count = services.send_entitlement_reminders(base_url=options["base_url"])
        # A count only: no personal data in logs.
        self.stdout.write(f"entitlement reminders: {count}")
