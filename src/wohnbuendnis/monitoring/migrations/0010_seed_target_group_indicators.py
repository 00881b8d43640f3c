"""Data migration: the indicators the forecast's demand by target group compares with
(barrier-free and small dwellings, households below the income limits); ``catalogue.seed``
creates only the entries that are missing."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0009_import_undo_and_previous_batch"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
