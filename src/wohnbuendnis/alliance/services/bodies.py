"""Bodies of an alliance (Plenum, AG, Steuerungsgruppe): create, edit, chairs and members."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import (
    Alliance,
    Body,
    BodyKind,
    ChangeAction,
    Person,
)
from wohnbuendnis.alliance.services.log import differences, record_change

# --- bodies -------------------------------------------------------------------------------------


def _body_fields(alliance: Alliance, kind: str, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if kind not in BodyKind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie die Art des Gremiums.")})
    if not name:
        raise ValidationError({"name": _("Das Gremium braucht einen Namen.")})
    if alliance.bodies.filter(name__iexact=name).exclude(pk=exclude).exists():
        raise ValidationError(
            {"name": _("Ein Gremium „%(name)s“ gibt es bereits.") % {"name": name}}
        )
    return name


@transaction.atomic
def create_body(
    alliance: Alliance,
    kind: str,
    name: str,
    *,
    short_name: str = "",
    mandate: str = "",
    chairs: Iterable[Person] = (),
    members: Iterable[Person] = (),
    by: Any = None,
) -> Body:
    """Create a body; its chairs are always among its members. A name the alliance already
    uses for a body is refused."""
    Alliance.objects.select_for_update().get(pk=alliance.pk)  # serialises positions and names
    name = _body_fields(alliance, kind, name)
    body = Body.objects.create(
        alliance=alliance,
        kind=kind,
        name=name,
        short_name=short_name.strip(),
        mandate=mandate.strip(),
        position=alliance.bodies.count(),
    )
    chairs = list(chairs)
    body.chairs.set(chairs)
    body.members.set({*members, *chairs})
    record_change(alliance, by, ChangeAction.BODY_CREATED, body.name, _people_note(body))
    return body


def _people_note(body: Body) -> str:
    chairs = ", ".join(str(p) for p in body.chairs.all()) or "–"
    members = ", ".join(str(p) for p in body.members.all()) or "–"
    return f"Leitung: {chairs}\nMitglieder: {members}"


@transaction.atomic
def update_body(
    body: Body,
    *,
    kind: str,
    name: str,
    short_name: str = "",
    mandate: str = "",
    chairs: Iterable[Person] | None = None,
    members: Iterable[Person] | None = None,
    by: Any = None,
) -> Body:
    """Change a body's kind, name, short name and mandate and, if given, its chairs and
    members (chairs are always members)."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    fields = {"name": _body_fields(locked.alliance, kind, name, exclude=locked.pk), "kind": kind,
              "short_name": short_name.strip(), "mandate": mandate.strip()}  # fmt: skip
    before = {field: getattr(locked, field) for field in fields}
    before_people = _people_note(locked)
    for attribute, value in fields.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=list(fields))
    if chairs is not None or members is not None:
        _set_people(locked, chairs or [], members or [])
    note = differences(before, fields)
    if (after_people := _people_note(locked)) != before_people:
        note = f"{note}\nvorher {before_people}\njetzt {after_people}".strip()
    record_change(locked.alliance, by, ChangeAction.BODY_CHANGED, locked.name, note)
    return locked


@transaction.atomic
def set_body_members(
    body: Body, *, chairs: Iterable[Person], members: Iterable[Person], by: Any = None
) -> Body:
    """Replace a body's chairs and members (chairs are always members)."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    before = _people_note(locked)
    _set_people(locked, chairs, members)
    note = f"vorher {before}\njetzt {_people_note(locked)}"
    record_change(locked.alliance, by, ChangeAction.BODY_CHANGED, locked.name, note)
    return locked


def _set_people(body: Body, chairs: Iterable[Person], members: Iterable[Person]) -> None:
    chairs = list(chairs)
    body.chairs.set(chairs)
    body.members.set({*members, *chairs})
