from django.apps import AppConfig


class ConceptConfig(AppConfig):
    name = "wohnbuendnis.concept"
    label = "concept"
    verbose_name = "Handlungskonzept"
