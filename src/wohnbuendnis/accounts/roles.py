"""The roles a person can hold in an alliance (stored on ``alliance.Membership``).

Every role is declared twice: its value and label in :class:`Role`, and what it implies in
``DEFINITIONS`` below. A role added later must say there whether it sees personal data of
applicants (which makes the second factor mandatory for it); the module refuses to load
otherwise.
"""

from dataclasses import dataclass

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
    JOBCENTER = "jobcenter", _("Jobcenter")
    SOCIAL_WELFARE_OFFICE = "sozialamt", _("Sozialamt")
    DATA_PROTECTION = "datenschutz", _("Datenschutzbeauftragte/r")

    @property
    def needs_second_factor(self) -> bool:
        """Whether a person holding this role must confirm each login with a second factor."""
        return DEFINITIONS[self].sees_personal_data


@dataclass(frozen=True)
class RoleDefinition:
    # Personal data of applicants (households, nominees, cost-coverage cases): such a role's
    # sessions must be confirmed with a second factor (TOTP or a recovery code).
    sees_personal_data: bool


DEFINITIONS: dict[Role, RoleDefinition] = {
    Role.COORDINATION: RoleDefinition(sees_personal_data=False),
    Role.SPECIALIST_OFFICE: RoleDefinition(sees_personal_data=False),
    # the register, households, Art. 15 exports, cost-coverage cases
    Role.HOUSING_OFFICE: RoleDefinition(sees_personal_data=True),
    # the nominees of their own flats: name, contact, household size
    Role.LANDLORD: RoleDefinition(sees_personal_data=True),
    # their own clients' households and cost-coverage cases
    Role.SOCIAL_AGENCY: RoleDefinition(sees_personal_data=True),
    Role.POLITICS: RoleDefinition(sees_personal_data=False),
    Role.MEMBER: RoleDefinition(sees_personal_data=False),
    # the cost-coverage requests addressed to their office: name, household size, the flat
    Role.JOBCENTER: RoleDefinition(sees_personal_data=True),
    Role.SOCIAL_WELFARE_OFFICE: RoleDefinition(sees_personal_data=True),
    # the access log: who read which file when and why (not the files' content)
    Role.DATA_PROTECTION: RoleDefinition(sees_personal_data=True),
}
_undeclared = set(Role) - set(DEFINITIONS)
if _undeclared:  # pragma: no cover - fails at start-up, on purpose
    raise RuntimeError(f"accounts.roles.DEFINITIONS lacks the role(s) {sorted(_undeclared)}")

# The benefit offices that decide on cost coverage, each seeing only the requests addressed to it
# (``allocation.models.BenefitAgency`` has the same keys).
BENEFIT_OFFICE_ROLES = frozenset({Role.JOBCENTER, Role.SOCIAL_WELFARE_OFFICE})
# Roles that work inside the administration and may see internal working documents.
ADMINISTRATION_ROLES = frozenset({Role.COORDINATION, Role.SPECIALIST_OFFICE, Role.HOUSING_OFFICE})
# Roles whose sessions need a second factor (derived from DEFINITIONS, never listed by hand).
SECOND_FACTOR_ROLES = frozenset(role for role in Role if role.needs_second_factor)
# The platform's IT administration (Django staff and superusers) reaches the admin with every
# account: its sessions need a second factor too.
IT_ADMINISTRATION_NEEDS_SECOND_FACTOR = True
