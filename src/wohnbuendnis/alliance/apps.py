from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "wohnbuendnis.alliance"
    label = "alliance"
    verbose_name = "Bündnis"
