"""Data migration: the population by sex (``population_female``, ``population_male``), which
the Regionaldatenbank's tables 12411-01-01-5 and 12411-02-03-5 give per municipality;
``catalogue.seed`` creates only the entries that are missing."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0012_seed_allocation_indicators"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
