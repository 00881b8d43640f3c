"""Data migration: the indicators fed by the building projects of the action concept
(social housing in planning, completions of the projects, of their subsidised and their
accessible dwellings); ``catalogue.seed`` creates only the entries that are missing."""

from django.db import migrations

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_index_settings_per_alliance"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
