"""Bodies of an alliance (Plenum, AG, Steuerungsgruppe): create, edit, chairs and members."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import (
    Alliance,
    Body,
    BodyKind,
    Person,
)

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
    return body


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
) -> Body:
    """Change a body's kind, name, short name and mandate and, if given, its chairs and
    members (chairs are always members)."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    locked.name = _body_fields(locked.alliance, kind, name, exclude=locked.pk)
    locked.kind, locked.short_name, locked.mandate = kind, short_name.strip(), mandate.strip()
    locked.save(update_fields=["name", "kind", "short_name", "mandate"])
    if chairs is not None or members is not None:
        set_body_members(locked, chairs=chairs or [], members=members or [])
    return locked


@transaction.atomic
def set_body_members(body: Body, *, chairs: Iterable[Person], members: Iterable[Person]) -> Body:
    """Replace a body's chairs and members (chairs are always members)."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    chairs = list(chairs)
    locked.chairs.set(chairs)
    locked.members.set({*members, *chairs})
    return locked
