from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "wohnbuendnis.events"
    label = "events"
    verbose_name = "Veranstaltungen"
