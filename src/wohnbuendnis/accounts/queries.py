"""Read-only lookups of the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import (
    IT_ADMINISTRATION_NEEDS_SECOND_FACTOR,
    SECOND_FACTOR_ROLES,
)
from wohnbuendnis.lib import caching


def second_factor_family(user_pk: int) -> str:
    """The cache generation of a user's second factor (bumped by ``accounts.services``)."""
    return f"second-factor:{user_pk}"


def has_second_factor(user: User) -> bool:
    """Whether the user has set up a second factor (a confirmed device), asked on every request
    of a session not confirmed by one (``SecondFactorMiddleware``): members without a second
    factor send every request through here.

    With a shared cache (Redis) the answer is kept with the generation it was read under, and
    the services that change devices start a new generation once their change is committed:
    one cache round trip instead of a query per device type. A process's own memory would not
    see another process's change, so without Redis the database is asked every time."""
    if not caching.shared():
        return user_has_device(user)
    family = second_factor_family(user.pk)
    return caching.kept(family, f"{family}:answer", lambda: user_has_device(user))


def second_factor_required(user: User) -> bool:
    """Whether the user must confirm the login with a second factor: IT (staff, superusers) and
    everyone holding today, in any alliance, a role that sees personal data
    (``Role.needs_second_factor``). Always False while ``SECOND_FACTOR_REQUIRED`` is off."""
    if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if IT_ADMINISTRATION_NEEDS_SECOND_FACTOR and (user.is_staff or user.is_superuser):
        return True
    try:
        person = user.person  # reverse one-to-one of alliance.Person
    except ObjectDoesNotExist:
        return False
    # memberships are ``alliance.Membership`` rows; their manager knows which are valid today
    return person.memberships.active().filter(role__in=SECOND_FACTOR_ROLES).exists()


def recovery_codes(user: User) -> list[str]:
    """The user's unused recovery codes (each works once)."""
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("id")
        .values_list("token", flat=True)
    )
