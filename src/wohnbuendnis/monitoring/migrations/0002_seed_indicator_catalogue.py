"""Data migration: the seeded indicator catalogue (monitoring/catalogue.py)."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_indicators_observations_imports_thresholds"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
