"""Who may do what with consultations (matrix: docs/roles-and-permissions.md).

Objects are an ``Alliance`` (lists, new consultation), a ``Consultation`` or a
``StatementVersion`` (its attachment); all lead to an alliance."""

from __future__ import annotations

import rules

from wohnbuendnis.alliance.rules import is_coordination, is_member
from wohnbuendnis.consultations import queries
from wohnbuendnis.consultations.models import (
    Consultation,
    ConsultationStatus,
    StatementVersion,
)


@rules.predicate
def is_published(user, obj=None) -> bool:
    return isinstance(obj, Consultation) and obj.status == ConsultationStatus.PUBLISHED


@rules.predicate
def is_put_to_members(user, obj=None) -> bool:
    """No longer a draft of Koordination: the members see it."""
    return isinstance(obj, Consultation) and obj.status != ConsultationStatus.DRAFT


@rules.predicate
def represents_invited(user, obj=None) -> bool:
    """The user holds a role in the alliance for an organisation invited to ``obj``."""
    return isinstance(obj, Consultation) and bool(queries.represented(user, obj))


@rules.predicate
def of_own_organisation(user, version=None) -> bool:
    if not isinstance(version, StatementVersion):
        return False
    statement = version.statement
    return statement.organisation in queries.represented(user, statement.consultation)


@rules.predicate
def is_public_and_published(user, version=None) -> bool:
    return (
        isinstance(version, StatementVersion)
        and version.public
        and version.statement.consultation.status == ConsultationStatus.PUBLISHED
    )


@rules.predicate
def coordinates_statement(user, version=None) -> bool:
    return isinstance(version, StatementVersion) and is_coordination(
        user, version.statement.consultation
    )


rules.add_perm("consultations.view_list", is_member)
rules.add_perm("consultations.manage", is_coordination)
rules.add_perm("consultations.view_consultation", is_coordination | (is_member & is_put_to_members))
rules.add_perm("consultations.submit_statement", represents_invited & is_put_to_members)
rules.add_perm(
    "consultations.view_draft_document",
    is_coordination | (is_put_to_members & (is_member | is_published)),
)
rules.add_perm("consultations.view_public_synopsis", is_published)
rules.add_perm(
    "consultations.view_attachment",
    coordinates_statement | of_own_organisation | is_public_and_published,
)
rules.add_perm("consultations.download_synopsis", is_coordination | is_published)
