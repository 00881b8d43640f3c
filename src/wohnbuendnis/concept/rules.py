"""Who may do what with the action concept (matrix: docs/roles-and-permissions.md).

Objects are an ``Alliance`` or a concept object with an ``alliance`` attribute.
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import BodyKind, Membership
from wohnbuendnis.alliance.rules import alliance_of, has_role, is_member
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.models import CommitmentSignature, ConceptEdition, EditionStatus


@rules.predicate
def is_signatory_staff(user, obj=None) -> bool:
    """The user holds a role in the alliance on behalf of the signing organisation."""
    if not isinstance(obj, CommitmentSignature) or not getattr(user, "is_authenticated", False):
        return False
    return (
        Membership.objects.active()
        .filter(alliance=obj.alliance, person__user=user, organisation=obj.organisation_id)
        .exists()
    )


@rules.predicate
def represents_an_organisation(user, obj=None) -> bool:
    """The user holds a role in the object's alliance on behalf of one of its member
    organisations (and so may enter that organisation's position or signature)."""
    alliance = alliance_of(obj)
    if alliance is None or not getattr(user, "is_authenticated", False):
        return False
    return queries.represented_organisations(user, alliance).exists()


@rules.predicate
def is_in_steering_group(user, obj=None) -> bool:
    """Member or chair of a steering group of the object's alliance."""
    alliance = alliance_of(obj)
    if alliance is None or not getattr(user, "is_authenticated", False):
        return False
    groups = alliance.bodies.filter(kind=BodyKind.STEERING_GROUP)
    return groups.filter(members__user=user).exists() or groups.filter(chairs__user=user).exists()


@rules.predicate
def is_adopted_edition(user, obj=None) -> bool:
    """An adopted (or since superseded) edition: the council's decision is public."""
    return isinstance(obj, ConceptEdition) and obj.status != EditionStatus.DRAFT


can_edit = has_role(Role.COORDINATION, Role.SPECIALIST_OFFICE)

rules.add_perm("concept.view_public", rules.always_allow)
rules.add_perm("concept.view_concept", is_member)
rules.add_perm("concept.edit_goals_and_measures", can_edit)
rules.add_perm("concept.publish_pipeline", can_edit)
rules.add_perm(
    "concept.report_commitment_progress",
    has_role(Role.COORDINATION) | (is_member & is_signatory_staff),
)
rules.add_perm(
    "concept.assess_goals",
    has_role(Role.COORDINATION) | (is_member & is_in_steering_group),
)
rules.add_perm("concept.adopt_commitment", has_role(Role.COORDINATION))
# changes shown on the public pages (measure status, actual values) wait for Koordination
rules.add_perm("concept.release", has_role(Role.COORDINATION))
# uploading the concept workbook rewrites many rows at once: the Koordination only
rules.add_perm("concept.import_workbook", has_role(Role.COORDINATION))
# an organisation's representative enters its own position, signs or withdraws its signature
rules.add_perm("concept.enter_conflict_position", is_member & represents_an_organisation)
rules.add_perm("concept.sign_commitment", is_member & represents_an_organisation)
rules.add_perm("concept.withdraw_signature", is_member & is_signatory_staff)
# editions (Fortschreibung): Koordination opens the next edition and records the council's
# decision; the members read and compare them; an adopted edition's decision is public
rules.add_perm("concept.start_edition", has_role(Role.COORDINATION))
rules.add_perm("concept.adopt_edition", has_role(Role.COORDINATION))
rules.add_perm("concept.view_decision", is_member | is_adopted_edition)
