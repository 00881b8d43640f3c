from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Shared helpers; its one model is the one-time token of create forms."""

    name = "wohnbuendnis.lib"
    label = "lib"
    verbose_name = _("Gemeinsame Hilfsmittel")
