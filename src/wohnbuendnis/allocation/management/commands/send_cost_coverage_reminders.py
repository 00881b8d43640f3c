"""Scheduled job (e.g. daily cron on working days): remind the job centre and the social welfare
office of cost-coverage requests whose decision is due before the landlord's deadline.
Idempotent: each request is reminded once."""

from django.core.management.base import BaseCommand

from wohnbuendnis.allocation.services.cost_coverage_deadlines import (
    send_cost_coverage_reminders,
)


class Command(BaseCommand):
    help = "E-mail reminders of cost-coverage decisions due before the landlord's deadline."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of this installation for the case links, e.g. https://wohnen.example.org",
        )

    def handle(self, *args, **options) -> None:
        count = send_cost_coverage_reminders(base_url=options["base_url"])
        # A count only: no personal data in logs.
        self.stdout.write(f"cost-coverage reminders: {count}")
