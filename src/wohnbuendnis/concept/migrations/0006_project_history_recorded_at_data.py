import datetime

from django.db import migrations
from django.utils import timezone


def recorded_on_the_day(apps, schema_editor):
    """Rows written before ``at`` existed were recorded on the day they name: noon of ``on``."""
    history = apps.get_model("concept", "BuildingProjectStatusChange")
    zone = timezone.get_default_timezone()
    for row in history.objects.all().only("pk", "on"):
        at = datetime.datetime.combine(row.on, datetime.time(12), tzinfo=zone)
        history.objects.filter(pk=row.pk).update(at=at)


class Migration(migrations.Migration):
    dependencies = [("concept", "0005_status_history_shape")]

    operations = [migrations.RunPython(recorded_on_the_day, migrations.RunPython.noop)]
