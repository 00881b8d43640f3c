from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "wohnbuendnis.opendata"
    label = "opendata"
    verbose_name = "Offene Daten"
