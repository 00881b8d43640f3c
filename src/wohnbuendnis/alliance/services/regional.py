"""Regional and state alliances (issue 15): municipalities as member organisations tied to
their area, alliances as members of the regional or state alliance above them, and the
service desk for the municipalities."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import (
    ABOVE_MUNICIPALITIES,
    Alliance,
    AllianceAffiliation,
    ChangeAction,
    MemberOrganisation,
    Organisation,
    Sector,
)
from wohnbuendnis.alliance.services.log import differences, record_change
from wohnbuendnis.alliance.services.organisations import admit_organisation
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.lib.site_language import in_site_language


def lies_inside(area: Area, top: Area) -> bool:
    """``area`` is ``top`` itself or lies below it (one query per level, at most five)."""
    node: Area | None = area
    while node is not None:
        if node.pk == top.pk:
            return True
        node = node.parent
    return False


def check_municipality(alliance: Alliance, area: Area | None) -> Area:
    """The area a municipal member organisation is tied to: a municipality (with an official
    key) inside the alliance's area."""
    if area is None:
        raise ValidationError({"area": _("Bitte wählen Sie eine Gemeinde.")})
    if area.level != AreaLevel.MUNICIPALITY:
        raise ValidationError(
            {"area": _("„%(name)s“ ist keine Gemeinde (Ebene: %(level)s).")
                     % {"name": area.name, "level": area.get_level_display()}}
        )  # fmt: skip
    if alliance.area.level not in ABOVE_MUNICIPALITIES:
        raise ValidationError(
            {"area": _("Gemeinden nimmt nur ein Bündnis eines Kreises, einer Region oder eines "
                       "Landes als Mitglieder auf.")}
        )  # fmt: skip
    if not lies_inside(area, alliance.area):
        raise ValidationError(
            {"area": _("Die Gemeinde „%(name)s“ (%(key)s) liegt nicht im Gebiet des Bündnisses "
                       "(%(top)s).") % {"name": area.name, "key": area.key,
                                        "top": alliance.area.name}}
        )  # fmt: skip
    return area


@transaction.atomic
def admit_municipality(
    alliance: Alliance,
    area: Area,
    since: datetime.date,
    *,
    name: str = "",
    by: Any = None,
) -> MemberOrganisation:
    """Admit a municipality of the alliance's area as a member: its organisation (sector
    Verwaltung, tied to the area by its official key) is found or created ("Gemeinde <Name>"
    unless ``name`` is given), then admitted. Refuses an area that is no municipality of the
    alliance's area and a municipality that is a member already."""
    check_municipality(alliance, area)
    Area.objects.select_for_update().filter(pk=area.pk).first()  # two admissions at once
    organisation = Organisation.objects.filter(area=area).first()
    if organisation is None:
        name = name.strip() or in_site_language(gettext_noop("Gemeinde %(name)s"), name=area.name)
        clash = Organisation.objects.filter(name__iexact=name).first()
        if clash is not None:
            raise ValidationError(
                {"name": _("Eine Organisation „%(name)s“ gibt es bereits, aber sie ist nicht mit "
                           "einer Gemeinde verknüpft. Bitte wählen Sie einen anderen Namen.")
                         % {"name": clash.name}}
            )  # fmt: skip
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(
                    name=name, sector=Sector.ADMINISTRATION, area=area
                )
        except IntegrityError:
            raise ValidationError(_("Speichern fehlgeschlagen.")) from None
    if MemberOrganisation.objects.filter(
        alliance=alliance, organisation=organisation, until__isnull=True
    ).exists():
        raise ValidationError(
            {"area": _("Die Gemeinde %(name)s ist bereits Mitglied.") % {"name": area.name}}
        )
    record_change(
        alliance, by, ChangeAction.MUNICIPALITY_ADMITTED, organisation, f"{area.name} ({area.key})"
    )
    return admit_organisation(alliance, organisation, since, by=by)


# --- alliances as members of the alliance above ------------------------------------------------


def check_affiliation(parent: Alliance, member: Alliance) -> None:
    """A member alliance's area lies inside the parent's area, on a lower level; the parent is
    a regional or state alliance."""
    if parent.pk == member.pk:
        raise ValidationError(
            {"member": _("Ein Bündnis kann nicht Mitglied bei sich selbst sein.")}
        )
    if parent.area.level not in ABOVE_MUNICIPALITIES:
        raise ValidationError(
            {"member": _("Bündnisse nimmt nur ein Bündnis eines Kreises, einer Region oder eines "
                         "Landes als Mitglieder auf.")}
        )  # fmt: skip
    below = AreaLevel(member.area.level).rank > AreaLevel(parent.area.level).rank
    if not below or not lies_inside(member.area, parent.area):
        raise ValidationError(
            {"member": _("Das Gebiet von „%(member)s“ (%(area)s) liegt nicht innerhalb des "
                         "Gebiets von „%(parent)s“ (%(top)s).")
                       % {"member": member.name, "area": member.area.name,
                          "parent": parent.name, "top": parent.area.name}}
        )  # fmt: skip


@transaction.atomic
def affiliate_alliance(
    parent: Alliance, member: Alliance, since: datetime.date, *, by: Any = None
) -> AllianceAffiliation:
    """Make ``member`` (a municipal or regional alliance) a member of ``parent``; refuses a
    second open membership and an alliance whose area does not lie inside the parent's."""
    check_affiliation(parent, member)
    Alliance.objects.select_for_update().filter(pk=member.pk).first()
    if AllianceAffiliation.objects.filter(
        parent=parent, member=member, until__isnull=True
    ).exists():
        raise ValidationError(
            {"member": _("„%(member)s“ ist bereits Mitglied.") % {"member": member.name}}
        )
    note = f"seit {since:%d.%m.%Y}"
    record_change(parent, by, ChangeAction.AFFILIATED, member, note)
    record_change(member, by, ChangeAction.AFFILIATED, parent, note)
    return AllianceAffiliation.objects.create(parent=parent, member=member, since=since)


@transaction.atomic
def end_affiliation(
    parent: Alliance, member: Alliance, until: datetime.date, *, by: Any = None
) -> AllianceAffiliation:
    """``member`` leaves ``parent`` on ``until`` (its last day); the row stays as history."""
    row = (
        AllianceAffiliation.objects.select_for_update()
        .filter(parent=parent, member=member, until__isnull=True)
        .first()
    )
    if row is None:
        raise ValidationError(_("„%(member)s“ ist kein Mitglied.") % {"member": member.name})
    if until < row.since:
        raise ValidationError({"until": _("Das Ende liegt vor dem Beginn der Mitgliedschaft.")})
    row.until = until
    row.save(update_fields=["until"])
    note = f"bis {until:%d.%m.%Y}"
    record_change(parent, by, ChangeAction.AFFILIATION_ENDED, member, note)
    record_change(member, by, ChangeAction.AFFILIATION_ENDED, parent, note)
    return row


# --- the service desk ------------------------------------------------------------------------


@transaction.atomic
def set_service_desk(
    alliance: Alliance, *, contact: str, email: str = "", phone: str = "", by: Any = None
) -> Alliance:
    """The service desk's contact for the municipalities, shown on the public page; all empty
    removes it. An e-mail address or a telephone number needs a contact."""
    locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
    fields = {
        "service_desk_contact": contact.strip(),
        "service_desk_email": email.strip(),
        "service_desk_phone": phone.strip(),
    }
    if fields["service_desk_email"]:
        try:
            validate_email(fields["service_desk_email"])
        except ValidationError:
            raise ValidationError(
                {"email": _("„%(email)s“ ist keine gültige E-Mail-Adresse.")
                          % {"email": fields["service_desk_email"]}}
            ) from None  # fmt: skip
    if not fields["service_desk_contact"] and (
        fields["service_desk_email"] or fields["service_desk_phone"]
    ):
        raise ValidationError(
            {"contact": _("Bitte nennen Sie die Servicestelle oder ihre Ansprechperson.")}
        )
    before = {field: getattr(locked, field) for field in fields}
    record_change(
        locked, by, ChangeAction.SERVICE_DESK_CHANGED, locked, differences(before, fields)
    )
    for attribute, value in fields.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=list(fields))
    return locked
