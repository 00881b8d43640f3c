from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "wohnbuendnis.forecast"
    label = "forecast"
    verbose_name = "Prognose"
