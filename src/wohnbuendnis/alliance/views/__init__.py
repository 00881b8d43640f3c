"""Pages of an alliance: reading (members) and authoring (Koordination)."""

from wohnbuendnis.alliance.views.appearance import appearance, data_licence, logo
from wohnbuendnis.alliance.views.bodies import body_create, body_edit
from wohnbuendnis.alliance.views.organisations import (
    organisation_admit,
    organisation_edit,
    organisation_leave,
)
from wohnbuendnis.alliance.views.pages import (
    body_detail,
    body_list,
    organisation_detail,
    organisation_list,
    person_list,
)
from wohnbuendnis.alliance.views.people import (
    person_create,
    person_edit,
    person_invite,
    role_grant,
    role_revoke,
)
from wohnbuendnis.alliance.views.regional import (
    affiliation_add,
    affiliation_end,
    affiliation_list,
    municipality_admit,
    service_desk,
)

__all__ = [
    "affiliation_add",
    "affiliation_end",
    "affiliation_list",
    "appearance",
    "body_create",
    "body_detail",
    "body_edit",
    "body_list",
    "data_licence",
    "logo",
    "municipality_admit",
    "organisation_admit",
    "organisation_detail",
    "organisation_edit",
    "organisation_leave",
    "organisation_list",
    "person_create",
    "person_edit",
    "person_invite",
    "person_list",
    "role_grant",
    "role_revoke",
    "service_desk",
]
