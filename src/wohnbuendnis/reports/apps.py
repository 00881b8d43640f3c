from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wohnbuendnis.reports"
    label = "reports"
    verbose_name = "Berichte"
