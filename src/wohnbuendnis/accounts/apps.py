from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wohnbuendnis.accounts"
    label = "accounts"
    verbose_name = "Konten und Zugriffsprotokoll"
