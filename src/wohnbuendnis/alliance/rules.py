"""Permission predicates of the alliance and the role lookup every later app builds on.

Later apps compose their rules from ``has_role`` and ``is_member``: e.g.
``rules.add_perm("meetings.approve_minutes", has_role(Role.COORDINATION))``. An object passed
to a predicate is an :class:`Alliance` or anything with an ``alliance`` attribute.
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Membership
from wohnbuendnis.areas.models import Area, AreaLevel


def alliance_of(obj: object) -> Alliance | None:
    if isinstance(obj, Alliance):
        return obj
    alliance = getattr(obj, "alliance", None)
    return alliance if isinstance(alliance, Alliance) else None


def roles_of(user, alliance: Alliance) -> frozenset[str]:
    """The roles the user holds today in the alliance; cached on the user object per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_alliance_roles", {})
    if alliance.pk not in cache:
        cache[alliance.pk] = frozenset(
            Membership.objects.active()
            .filter(alliance=alliance, person__user=user)
            .values_list("role", flat=True)
        )
    return cache[alliance.pk]


def has_role(*roles: Role) -> rules.Predicate:
    """Predicate: the user holds one of ``roles`` in the object's alliance."""
    wanted = frozenset(roles)
    names = ",".join(sorted(wanted))

    @rules.predicate(name=f"has_role({names})")
    def predicate(user, obj=None) -> bool:
        alliance = alliance_of(obj)
        return alliance is not None and bool(roles_of(user, alliance) & wanted)

    return predicate


@rules.predicate
def is_member(user, obj=None) -> bool:
    """The user holds any role in the object's alliance."""
    alliance = alliance_of(obj)
    return alliance is not None and bool(roles_of(user, alliance))


is_coordination = has_role(Role.COORDINATION)

rules.add_perm("alliance.view_public_page", rules.always_allow)
rules.add_perm("alliance.view_internal", is_member | rules.is_superuser)
rules.add_perm("alliance.view_contacts", is_member | rules.is_superuser)
rules.add_perm("alliance.manage_members", is_coordination | rules.is_superuser)
rules.add_perm("alliance.manage_bodies", is_coordination | rules.is_superuser)
rules.add_perm("alliance.edit_appearance", is_coordination)  # the logo on the reports
# Regional and state alliances (issue 15): municipalities and alliances as members, the
# service desk, the overview of the municipalities of the Land or region.
rules.add_perm("alliance.manage_affiliations", is_coordination | rules.is_superuser)
rules.add_perm("alliance.edit_service_desk", is_coordination | rules.is_superuser)
rules.add_perm("alliance.view_overview", is_member | rules.is_superuser)


@rules.predicate
def is_city(user, area=None) -> bool:
    """The object is a municipality: districts and quarters are uploaded below a city."""
    return isinstance(area, Area) and area.level == AreaLevel.MUNICIPALITY


@rules.predicate
def works_on_area(user, area=None) -> bool:
    """Koordination or Fachamt of an alliance whose own area is ``area``.

    The rule for uploading a city's districts and quarters lives here, not in ``areas``,
    because ``areas`` sits below ``alliance`` and knows nothing of roles.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    wanted = (Role.COORDINATION, Role.SPECIALIST_OFFICE)
    return (
        Membership.objects.active()
        .filter(alliance__area=area, person__user=user, role__in=wanted)
        .exists()
    )


rules.add_perm("areas.upload_subareas", is_city & (works_on_area | rules.is_superuser))
