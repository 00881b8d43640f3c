"""The roles a person can hold in an alliance (stored on ``alliance.Membership``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATION = "koordination", _("Koordination")
    SPECIALIST_OFFICE = "fachamt", _("Fachamt / Statistik")
    HOUSING_OFFICE = "wohnungsamt", _("Wohnungsamt")
    LANDLORD = "vermieter", _("Vermieter")
    SOCIAL_AGENCY = "sozialtraeger", _("Sozialträger")
    POLITICS = "politik", _("Politik / Beirat")
    MEMBER = "mitglied", _("Mitglied")


# Roles that work inside the administration and may see internal working documents.
ADMINISTRATION_ROLES = frozenset({Role.COORDINATION, Role.SPECIALIST_OFFICE, Role.HOUSING_OFFICE})
