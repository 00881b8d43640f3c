"""``manage delete_expired_subscriptions``: delete newsletter subscriptions never confirmed
within seven days (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wohnbuendnis.news.services import delete_expired_subscriptions


class Command(BaseCommand):
    help = "Deletes newsletter subscriptions that were not confirmed within seven days."

    def handle(self, *args, **options) -> None:
        count = delete_expired_subscriptions()
        self.stdout.write(f"{count} unconfirmed subscription(s) deleted")
