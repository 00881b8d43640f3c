from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wohnbuendnis.api"
    label = "api"
    verbose_name = "Schnittstelle (API)"
