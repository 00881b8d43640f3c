"""Issuing, revoking and checking API tokens, and the log of every call made with one."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, MemberOrganisation, Membership, Organisation
from wohnbuendnis.api.models import PREFIX_LENGTH, ApiCall, ApiToken, Scope

#: a token may be valid for at most this long; a partner's system gets a new one in time
MAX_VALIDITY_DAYS = 2 * 366

#: the role on whose behalf an organisation must act in the alliance to get a scope
ROLE_OF_SCOPE = {Scope.VACANCIES: Role.LANDLORD, Scope.OBSERVATIONS: Role.SPECIALIST_OFFICE}


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_token(
    alliance: Alliance, user, organisation: Organisation, name: str, scopes: list[str],
    expires_on: datetime.date,
) -> tuple[ApiToken, str]:  # fmt: skip
    """Issue a token for a member organisation; returns the row and the token itself, which is
    shown once and stored only as a hash. A scope needs the organisation to act in the
    alliance in the matching role (landlord: vacancies, statistics office: observations)."""
    if not name.strip():
        raise ValidationError({"name": _("Bitte geben Sie eine Bezeichnung an.")})
    if not scopes or set(scopes) - set(Scope.values):
        raise ValidationError({"scopes": _("Bitte wählen Sie mindestens eine Berechtigung.")})
    today = timezone.localdate()
    if not today < expires_on <= today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
        raise ValidationError(
            {"expires_on": _("Ein Schlüssel gilt ab morgen und höchstens zwei Jahre.")}
        )
    if (
        not MemberOrganisation.objects.active()
        .filter(alliance=alliance, organisation=organisation)
        .exists()
    ):
        raise ValidationError(
            {"organisation": _("Die Organisation ist kein Mitglied des Bündnisses.")}
        )
    for scope in scopes:
        role = ROLE_OF_SCOPE[Scope(scope)]
        if (
            not Membership.objects.active()
            .filter(alliance=alliance, organisation=organisation, role=role)
            .exists()
        ):
            raise ValidationError(
                {"scopes": _("%(organisation)s handelt im Bündnis nicht als %(role)s.")
                 % {"organisation": organisation, "role": role.label}}
            )  # fmt: skip
    while True:
        raw = "wb_" + secrets.token_urlsafe(32)
        prefix = raw[3 : 3 + PREFIX_LENGTH]
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(
        alliance=alliance, organisation=organisation, name=name.strip(), prefix=prefix,
        token_hash=hash_token(raw), scopes=sorted(set(scopes)), expires_on=expires_on,
        created_by=user,
    )  # fmt: skip
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, user) -> ApiToken:
    """Revoke a token at once; every later call with it gets 401. Revoking twice is refused."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("Dieser Schlüssel ist bereits widerrufen."))
    token.revoked_at, token.revoked_by = timezone.now(), user
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def authenticate(raw: str, method: str, path: str) -> ApiToken | None:
    """The active token ``raw`` stands for, or None. A call with a known but expired or revoked
    token is logged with 401."""
    if not raw.startswith("wb_"):
        return None
    token = (
        ApiToken.objects.select_related("alliance", "organisation")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is None:
        return None
    if not token.is_active:
        log_call(
            token, method, path, 401, "abgelaufen" if token.revoked_at is None else "widerrufen"
        )
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def log_call(token: ApiToken, method: str, path: str, status: int, note: str = "") -> ApiCall:
    return ApiCall.objects.create(
        token=token, method=method[:10], path=path[:300], status=status, note=note[:300]
    )
