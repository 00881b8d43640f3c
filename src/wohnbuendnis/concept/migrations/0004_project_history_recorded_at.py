import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Building-project history gets the common ``at`` (when recorded) beside ``on``."""

    dependencies = [("concept", "0003_assessment_actual_source")]

    operations = [
        migrations.AddField(
            model_name="buildingprojectstatuschange",
            name="at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="am"
            ),
            preserve_default=False,
        ),
    ]
