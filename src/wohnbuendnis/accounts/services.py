"""State changes of the accounts app."""

from __future__ import annotations

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
