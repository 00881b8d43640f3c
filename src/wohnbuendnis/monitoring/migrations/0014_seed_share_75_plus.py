"""Data migration: the share of persons aged 75 and more (``share_75_plus``), the oldest age
group the Regionaldatenbank's table 12411-02-03-5 gives per municipality (it has no 80+);
``catalogue.seed`` creates only the entries that are missing."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0013_seed_population_by_sex"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
