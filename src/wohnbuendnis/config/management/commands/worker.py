"""``wohnbuendnis manage worker``: the background worker started by ``serve`` and ``demo``.

Schedules the daily jobs (django-tasks has no periodic scheduler, see ``allocation.tasks`` and
``config.daily``), then processes the task queue like django-tasks-db's ``db_worker`` (forecast
runs, retention, housekeeping).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wohnbuendnis.allocation.tasks import schedule_daily_retention
from wohnbuendnis.config.daily import schedule_daily_housekeeping


class Command(BaseCommand):
    help = (
        "Schedules the daily retention job and the daily housekeeping and processes background "
        "tasks (db_worker)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="process the due tasks, then exit (cron, tests)"
        )

    def handle(self, *args, **options) -> None:
        if schedule_daily_retention():
            self.stdout.write("daily retention job scheduled")
        if schedule_daily_housekeeping():
            self.stdout.write("daily housekeeping scheduled")
        if options["batch"]:
            call_command("db_worker", batch=True, startup_delay=False, reload=False)
        else:
            call_command("db_worker")
