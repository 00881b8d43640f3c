"""Data migration: the planned completions of the building projects (dwellings of projects
not yet finished, in the year they are expected), which the forecast can take as its planned
completions; ``catalogue.seed`` creates only the entries that are missing."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0006_seed_building_project_indicators"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
