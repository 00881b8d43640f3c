from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "wohnbuendnis.areas"
    label = "areas"
    verbose_name = "Gebiete"
