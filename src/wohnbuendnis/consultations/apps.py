from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "wohnbuendnis.consultations"
    label = "consultations"
    verbose_name = "Beteiligungsverfahren und Stellungnahmen"
