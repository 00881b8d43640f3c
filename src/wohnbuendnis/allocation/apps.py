from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "wohnbuendnis.allocation"
    label = "allocation"
    verbose_name = "Kooperative Wohnungsvermittlung"
