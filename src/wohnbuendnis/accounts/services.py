"""State changes of the accounts app."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wohnbuendnis.accounts import queries
from wohnbuendnis.accounts.models import (
    AccessAction,
    AccessLogEntry,
    SecondFactorAction,
    SecondFactorEvent,
    User,
)
from wohnbuendnis.lib import caching
from wohnbuendnis.lib.site_language import in_site_language


def _logged(reason: str | Promise) -> str:
    """The reason as the log keeps it: in the site's language (``LANGUAGE_CODE``), whatever
    the language of the page that caused the access, so the data-protection officer reads one
    language. Pass it lazily (``gettext_lazy``) or already in that language."""
    text = in_site_language(reason).strip()
    if not text:
        raise ValueError("an access to personal data needs a reason")
    return text


def record_personal_data_access(
    user: User, action: AccessAction, subject: models.Model, reason: str | Promise
) -> AccessLogEntry:
    """Append an access-log row; call it from every service that shows or exports personal data."""
    reason = _logged(reason)
    return AccessLogEntry.objects.create(
        user=user,
        username=user.get_username(),
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        reason=reason,
    )


def record_personal_data_accesses(
    user: User, action: AccessAction, subjects: Iterable[models.Model], reason: str | Promise
) -> list[AccessLogEntry]:
    """One access-log row per subject shown (a list page), written in one insert.

    A list of 50 households is 50 accesses to personal data, not one access to the alliance:
    the log must answer "who saw this household's record, and when" (GDPR Art. 15(1)(c))."""
    reason = _logged(reason)
    rows = [
        AccessLogEntry(
            user=user, username=user.get_username(), action=action,
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk),
            reason=reason,
        )
        for subject in dict.fromkeys(subjects)  # each subject once, in order
    ]  # fmt: skip
    return AccessLogEntry.objects.bulk_create(rows)


# --- second factor (TOTP with django-otp, recovery codes) ------------------------------------

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator-App"
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"


def _log_second_factor(
    user: User, actor: User, action: SecondFactorAction, note: str = ""
) -> SecondFactorEvent:
    return SecondFactorEvent.objects.create(
        user=user, actor=actor, actor_username=actor.get_username(), action=action, note=note
    )


def normalise_code(code: str) -> str:
    """What a person types, as the devices store it: no blanks or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _devices_changed(user: User) -> None:
    """A device of ``user`` was created, confirmed or deleted: once committed, the answer
    ``queries.has_second_factor`` keeps is read again."""
    family = queries.second_factor_family(user.pk)
    transaction.on_commit(lambda: caching.bump(family))


def start_totp_setup(user: User) -> TOTPDevice:
    """The unconfirmed authenticator of the user's set-up: the same secret on every reload
    until confirmed, so a QR code already scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def confirm_totp_setup(user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the set-up with a code of the app: the new authenticator replaces any older
    one, and 10 new recovery codes replace the old ones (returned to be shown once)."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("id")
            .first()
        )
        throttled = device is not None and not device.verify_is_allowed()[0]
        # verify_token records a failure itself (throttling): it must not be rolled back
        verified = device is not None and device.verify_token(normalise_code(code))
        if verified:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            _log_second_factor(user, user, SecondFactorAction.SET_UP)
            _devices_changed(user)
    if device is None:
        raise ValidationError(_("Die Einrichtung ist abgelaufen. Laden Sie die Seite neu."))
    if not verified:
        raise ValidationError(_wrong_code(throttled))
    return device, codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by 10 new ones (the old ones stop working)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Richten Sie zuerst die Authenticator-App ein."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        _log_second_factor(user, user, SecondFactorAction.RECOVERY_CODES)
        _devices_changed(user)
    return codes


def verify_second_factor(user: User, code: str) -> Device:
    """The device that confirms ``code``: a 6-digit code of the authenticator (each used once,
    within ±30 s) or a recovery code (deleted on use). Failures slow further tries down."""
    code = normalise_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("id")
            .first()
        )
        throttled = device is not None and not device.verify_is_allowed()[0]
        if device is None or throttled:
            verified = False
        elif model is StaticDevice:
            verified = _use_recovery_code(device, code)
        else:
            verified = device.verify_token(code)
    if not verified:
        raise ValidationError(_wrong_code(throttled))
    return device


def _use_recovery_code(device: StaticDevice, code: str) -> bool:
    # one DELETE decides: of two requests with the same code only one deletes the row
    deleted, _rows = StaticToken.objects.filter(device=device, token=code).delete()
    if not deleted:
        device.throttle_increment(commit=True)
        return False
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    remaining = device.token_set.count()
    _log_second_factor(
        device.user,
        device.user,
        SecondFactorAction.RECOVERY_CODE_USED,
        note=f"{remaining} Codes übrig",
    )
    return True


def _wrong_code(throttled: bool) -> str:
    if throttled:
        return _(
            "Zu viele falsche Codes hintereinander. Warten Sie einen Moment und geben Sie "
            "dann den aktuellen Code ein."
        )
    return _(
        "Der Code stimmt nicht. Geben Sie den aktuellen 6-stelligen Code aus Ihrer "
        "Authenticator-App ein oder einen Ihrer Wiederherstellungscodes."
    )


def reset_second_factor(user: User, by: User, note: str = "") -> None:
    """IT removes a user's authenticator and recovery codes (lost phone): the user sets up a
    new one at the next login. Only for those who administer accounts; logged."""
    if not by.has_perm("accounts.change_user"):
        raise PermissionDenied(_("Nur die IT-Administration setzt den zweiten Faktor zurück."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _log_second_factor(user, by, SecondFactorAction.RESET, note=note.strip()[:200])
        _devices_changed(user)
