from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "wohnbuendnis.meetings"
    label = "meetings"
    verbose_name = "Sitzungen und Protokolle"
