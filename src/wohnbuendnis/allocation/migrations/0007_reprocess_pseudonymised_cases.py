"""Cases "anonymised" by the old retention kept their file number with criteria, nationality
group and accessibility needs (pseudonymised, not anonymised). Mark them as not yet anonymised:
the next retention run (daily, started with the worker) aggregates their figures into
``RetainedStatistic`` and then strips them like every other expired case."""

from django.db import migrations


def reopen(apps, schema_editor):
    Household = apps.get_model("allocation", "Household")
    Household.objects.filter(anonymised_at__isnull=False).exclude(
        reference__startswith="anonym-"
    ).update(anonymised_at=None)


class Migration(migrations.Migration):
    dependencies = [("allocation", "0006_retention_statistics")]

    operations = [migrations.RunPython(reopen, migrations.RunPython.noop)]
