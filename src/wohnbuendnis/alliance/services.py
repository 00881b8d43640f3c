"""State changes of the alliance; every entry point (view, admin, command, demo) calls these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import (
    Alliance,
    Body,
    MemberOrganisation,
    Membership,
    Organisation,
    Person,
)


@transaction.atomic
def admit_organisation(
    alliance: Alliance, organisation: Organisation, since: datetime.date
) -> MemberOrganisation:
    """Make an organisation a member; refuses a second open membership of the same organisation."""
    open_rows = MemberOrganisation.objects.select_for_update().filter(
        alliance=alliance, organisation=organisation, until__isnull=True
    )
    if open_rows.exists():
        raise ValidationError(_("%(org)s ist bereits Mitglied.") % {"org": organisation})
    return MemberOrganisation.objects.create(
        alliance=alliance, organisation=organisation, since=since
    )


@transaction.atomic
def grant_role(
    alliance: Alliance,
    person: Person,
    role: Role,
    since: datetime.date,
    organisation: Organisation | None = None,
) -> Membership:
    """Give a person a role in the alliance (on behalf of an organisation, if any)."""
    if organisation is not None and not person.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(person)s gehört nicht zu %(org)s.") % {"person": person, "org": organisation}
        )
    duplicate = Membership.objects.select_for_update().filter(
        alliance=alliance, person=person, role=role, until__isnull=True
    )
    if duplicate.exists():
        raise ValidationError(_("%(person)s hat diese Rolle bereits.") % {"person": person})
    return Membership.objects.create(
        alliance=alliance, person=person, role=role, since=since, organisation=organisation
    )


@transaction.atomic
def end_membership(membership: Membership, until: datetime.date) -> Membership:
    """Close a role; the row stays as history."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.until is not None:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits beendet."))
    if until < locked.since:
        raise ValidationError(_("Das Ende liegt vor dem Beginn der Mitgliedschaft."))
    locked.until = until
    locked.save(update_fields=["until"])
    return locked


@transaction.atomic
def create_body(
    alliance: Alliance,
    kind: str,
    name: str,
    *,
    short_name: str = "",
    mandate: str = "",
    chairs: list[Person] = (),
    members: list[Person] = (),
) -> Body:
    """Create a body; its chairs are always among its members."""
    body = Body.objects.create(
        alliance=alliance,
        kind=kind,
        name=name,
        short_name=short_name,
        mandate=mandate,
        position=alliance.bodies.count(),
    )
    body.chairs.set(chairs)
    body.members.set({*members, *chairs})
    return body
