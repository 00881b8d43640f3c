"""Write the allocation's figures of a year (placements, emergency cases housed and the days
it took, per district and for the alliance's area) into the monitoring; running it again
changes nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import services


class Command(BaseCommand):
    help = "Publish the allocation's monitoring indicators of a year (aggregates only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("alliance", help="slug of the alliance")
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)

    def handle(self, *args, **options) -> None:
        alliance = Alliance.objects.filter(slug=options["alliance"]).first()
        if alliance is None:
            raise CommandError(f"no alliance {options['alliance']!r}")
        try:
            done = services.publish_indicators(alliance, options["year"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"created: {done.created}, updated: {done.updated}, unchanged: {done.unchanged}"
        )
