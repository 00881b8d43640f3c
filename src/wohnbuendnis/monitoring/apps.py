from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "wohnbuendnis.monitoring"
    label = "monitoring"
    verbose_name = "Wohnungsmarktbeobachtung"
