"""Data migration: the indicators the cooperative allocation writes from its register
(placements, emergency cases housed, their days to housing and the share within the target
days: ``allocation.services.places.publish_indicators``); ``catalogue.seed`` creates only the
entries that are missing."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0011_zensus_rent_import_and_indicator"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
