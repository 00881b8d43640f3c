"""Read-only lookups of the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django_otp.plugins.otp_static.models import StaticToken

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import (
    IT_ADMINISTRATION_NEEDS_SECOND_FACTOR,
    SECOND_FACTOR_ROLES,
)


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
