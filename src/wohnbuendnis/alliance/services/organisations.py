"""Alliances and their member organisations: found, admit, edit, leave."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import (
    Alliance,
    ChangeAction,
    MemberOrganisation,
    Membership,
    Organisation,
    Sector,
)
from wohnbuendnis.alliance.services.log import differences, record_change
from wohnbuendnis.areas.models import Area


@transaction.atomic
def admit_organisation(
    alliance: Alliance, organisation: Organisation, since: datetime.date, *, by: Any = None
) -> MemberOrganisation:
    """Make an organisation a member; refuses a second open membership of the same organisation.

    The organisation's row is locked: a membership that does not exist yet cannot be locked, so
    two coordinators admitting it at once would otherwise both succeed."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    open_rows = MemberOrganisation.objects.filter(
        alliance=alliance, organisation=organisation, until__isnull=True
    )
    if open_rows.exists():
        raise ValidationError(_("%(org)s ist bereits Mitglied.") % {"org": organisation})
    record_change(alliance, by, ChangeAction.ADMITTED, organisation, f"seit {since:%d.%m.%Y}")
    return MemberOrganisation.objects.create(
        alliance=alliance, organisation=organisation, since=since
    )


# --- alliances and organisations ----------------------------------------------------------------


@transaction.atomic
def found_alliance(
    name: str,
    slug: str,
    area: Area,
    *,
    founded: datetime.date | None = None,
    summary: str = "",
    by: Any = None,
) -> Alliance:
    """Create an alliance; refuses a short name (slug) that is taken."""
    name, slug = name.strip(), slug.strip()
    if not name:
        raise ValidationError(_("Das Bündnis braucht einen Namen."))
    if not re.fullmatch(r"[-a-z0-9_]+", slug):
        raise ValidationError(
            _("Der Kurzname „%(slug)s“ ist ungültig: erlaubt sind Kleinbuchstaben a–z, Ziffern, "
              "„-“ und „_“.") % {"slug": slug}
        )  # fmt: skip
    if Alliance.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("Ein Bündnis mit dem Kurznamen „%(slug)s“ gibt es bereits.") % {"slug": slug}
        )
    try:
        with transaction.atomic():
            alliance = Alliance.objects.create(
                name=name, slug=slug, area=area, founded=founded, summary=summary.strip()
            )
    except IntegrityError:  # created at the same moment by someone else
        raise ValidationError(
            _("Ein Bündnis mit dem Kurznamen „%(slug)s“ gibt es bereits.") % {"slug": slug}
        ) from None
    record_change(alliance, by, ChangeAction.FOUNDED, alliance, f"{area.name} ({area.key})")
    return alliance


def _organisation_fields(name: str, sector: str, short_name: str, website: str) -> dict:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie den Namen der Organisation an.")})
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Bitte wählen Sie einen Bereich.")})
    return {"name": name, "sector": sector, "short_name": short_name.strip(), "website": website}


def _name_taken(name: str, exclude: int | None = None) -> ValidationError | None:
    clash = Organisation.objects.filter(name__iexact=name).exclude(pk=exclude).first()
    if clash is None:
        return None
    return ValidationError(
        {
            "name": _(
                "Eine Organisation „%(name)s“ gibt es bereits. Ist sie gemeint, wählen Sie sie "
                "unter „Vorhandene Organisation“ aus."
            )
            % {"name": clash.name}
        }
    )


@transaction.atomic
def admit_new_organisation(
    alliance: Alliance,
    *,
    name: str,
    sector: str,
    since: datetime.date,
    short_name: str = "",
    website: str = "",
    by: Any = None,
) -> MemberOrganisation:
    """Create an organisation and admit it; a name that exists (in any case) is refused, so a
    double submit creates one organisation."""
    fields = _organisation_fields(name, sector, short_name, website)
    if error := _name_taken(fields["name"]):
        raise error
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(**fields)
    except IntegrityError:  # the same name saved at the same moment by someone else
        raise _name_taken(fields["name"]) or ValidationError(
            _("Speichern fehlgeschlagen.")
        ) from None
    return admit_organisation(alliance, organisation, since, by=by)


@transaction.atomic
def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    sector: str,
    short_name: str = "",
    website: str = "",
    by: Any = None,
    alliance: Alliance | None = None,
) -> Organisation:
    """Change an organisation's name, sector, short name or website (``alliance``: where the
    change was made, for the audit trail)."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = _organisation_fields(name, sector, short_name, website)
    if error := _name_taken(fields["name"], exclude=locked.pk):
        raise error
    before = {field: getattr(locked, field) for field in fields}
    record_change(
        alliance, by, ChangeAction.ORGANISATION_CHANGED, locked, differences(before, fields)
    )
    for attribute, value in fields.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def organisation_leaves(
    alliance: Alliance, organisation: Organisation, until: datetime.date, *, by: Any = None
) -> MemberOrganisation:
    """An organisation leaves the alliance on ``until`` (its last day); the roles held on its
    behalf end the same day. The rows stay as history."""
    membership = (
        MemberOrganisation.objects.select_for_update()
        .filter(alliance=alliance, organisation=organisation, until__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(_("%(org)s ist kein Mitglied.") % {"org": organisation})
    if until < membership.since:
        raise ValidationError(_("Das Ende liegt vor dem Beginn der Mitgliedschaft."))
    membership.until = until
    membership.save(update_fields=["until"])
    record_change(alliance, by, ChangeAction.LEFT, organisation, f"bis {until:%d.%m.%Y}")
    roles = Membership.objects.select_for_update().filter(
        alliance=alliance, organisation=organisation, until__isnull=True
    )
    for role in roles:
        role.until = max(until, role.since)
        role.save(update_fields=["until"])
    return membership
