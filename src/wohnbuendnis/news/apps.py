from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "wohnbuendnis.news"
    label = "news"
    verbose_name = "Neuigkeiten und Newsletter"
