from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "wohnbuendnis.site"
    label = "site"
    verbose_name = "Öffentliche Seiten und Startseiten"
