"""State changes of the accounts app."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from wohnbuendnis.accounts.models import AccessAction, AccessLogEntry, User


def record_personal_data_access(
    user: User, action: AccessAction, subject: models.Model, reason: str
) -> AccessLogEntry:
    """Append an access-log row; call it from every service that shows or exports personal data."""
    if not reason.strip():
        raise ValueError("an access to personal data needs a reason")
    return AccessLogEntry.objects.create(
        user=user,
        username=user.get_username(),
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        reason=reason.strip(),
    )


def record_personal_data_accesses(
    user: User, action: AccessAction, subjects: Iterable[models.Model], reason: str
) -> list[AccessLogEntry]:
    """One access-log row per subject shown (a list page), written in one insert.

    A list of 50 households is 50 accesses to personal data, not one access to the alliance:
    the log must answer "who saw this household's record, and when" (GDPR Art. 15(1)(c))."""
    if not reason.strip():
        raise ValueError("an access to personal data needs a reason")
    rows = [
        AccessLogEntry(
            user=user, username=user.get_username(), action=action,
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk),
            reason=reason.strip(),
        )
        for subject in dict.fromkeys(subjects)  # each subject once, in order
    ]  # fmt: skip
    return AccessLogEntry.objects.bulk_create(rows)
