"""The Zensus 2022 rent import and the indicator it fills (Bestandsmiete);
``catalogue.seed`` creates only the entries that are missing."""

from django.db import migrations, models

from wohnbuendnis.monitoring.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0010_seed_target_group_indicators"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="kind",
            field=models.CharField(
                choices=[
                    ("observations", "Beobachtungen (observations.csv)"),
                    ("genesis", "GENESIS/Regionalstatistik-Tabelle (CSV, ; und Latin-1)"),
                    ("koeln_population", "Stadt Köln: Bevölkerung nach Stadtteilen (CSV)"),
                    ("hamburg_profile", "Hamburg: Stadtteil-Profile (CSV)"),
                    ("kiel_population", "Kiel: Einwohner nach Stadtteilen (CSV)"),
                    ("kiel_households", "Kiel: Haushalte nach Haushaltstypen (CSV)"),
                    ("konstanz", "Konstanz in Zahlen: Ordner „data“ als ZIP-Archiv"),
                    ("zensus_municipalities", "Zensus 2022: Bevölkerung der Gemeinden (CSV)"),
                    ("zensus_rent", "Zensus 2022: Nettokaltmiete der Gemeinden (CSV)"),
                    ("boundaries", "Gebietsgrenzen (GeoJSON)"),
                ],
                max_length=30,
                verbose_name="Art",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
