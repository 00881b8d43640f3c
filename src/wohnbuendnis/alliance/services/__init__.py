"""State changes of the alliance; every entry point (view, admin, command, demo) calls these.

Each validates, runs in a transaction (row locks where two coordinators can race) and raises
``ValidationError`` with a German message; nothing silently replaces an entry.
"""

from wohnbuendnis.alliance.services.appearance import set_licence, set_logo
from wohnbuendnis.alliance.services.bodies import create_body, set_body_members, update_body
from wohnbuendnis.alliance.services.organisations import (
    admit_new_organisation,
    admit_organisation,
    found_alliance,
    organisation_leaves,
    update_organisation,
)
from wohnbuendnis.alliance.services.people import (
    create_account,
    create_person,
    end_membership,
    enrol_person,
    grant_role,
    invite_person,
    password_link,
    revoke_role,
    update_person,
)
from wohnbuendnis.alliance.services.regional import (
    admit_municipality,
    affiliate_alliance,
    end_affiliation,
    set_service_desk,
)

__all__ = [
    "admit_municipality",
    "admit_new_organisation",
    "admit_organisation",
    "affiliate_alliance",
    "create_account",
    "create_body",
    "create_person",
    "end_affiliation",
    "end_membership",
    "enrol_person",
    "found_alliance",
    "grant_role",
    "invite_person",
    "organisation_leaves",
    "password_link",
    "revoke_role",
    "set_body_members",
    "set_licence",
    "set_logo",
    "set_service_desk",
    "update_body",
    "update_organisation",
    "update_person",
]
