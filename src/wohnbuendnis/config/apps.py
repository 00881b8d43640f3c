from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Registers the configuration checks; holds no models."""

    name = "wohnbuendnis.config"
    label = "wohnbuendnis_config"
    verbose_name = "Konfiguration"

    def ready(self) -> None:
        from wohnbuendnis.config import checks  # noqa: F401  (registers the checks)
