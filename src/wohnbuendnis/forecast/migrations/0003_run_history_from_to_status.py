from django.db import migrations


class Migration(migrations.Migration):
    """The run history takes the common shape: ``old``/``new`` become ``from_status``/``to_status``
    (renamed, so every row keeps its values)."""

    dependencies = [("forecast", "0002_run_completions_source")]

    operations = [
        migrations.RenameField("runstatuschange", "old", "from_status"),
        migrations.RenameField("runstatuschange", "new", "to_status"),
    ]
