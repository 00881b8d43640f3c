"""Scheduled job (e.g. nightly cron): expire overdue nominations and cost-coverage approvals,
then anonymise closed applicant cases after the alliance's retention period."""

from django.core.management.base import BaseCommand

from wohnbuendnis.allocation import services


class Command(BaseCommand):
    help = "Anonymise closed applicant cases after the retention period (GDPR Art. 5(1)(e))."

    def handle(self, *args, **options) -> None:
        expired = services.expire_overdue_nominations()
        lapsed = services.expire_cost_coverage()
        anonymised = services.apply_retention()
        # Counts only: no personal data in logs.
        self.stdout.write(
            f"expired nominations: {expired}, expired cost coverage: {lapsed}, "
            f"anonymised households: {anonymised}"
        )
