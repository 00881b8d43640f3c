"""Retention: closed cases are anonymised after the alliance's retention period."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models import CLOSED_STATUSES, Household
from wohnbuendnis.allocation.services.settings import settings_of

# --- retention ----------------------------------------------------------------------------------


def _anonymise(household: Household, now: datetime.datetime) -> None:
    household.name, household.contact, household.consent_text = _("anonymisiert"), "", ""
    household.income_eur = Decimal(0)
    household.registered_on = household.registered_on.replace(month=1, day=1)
    household.entitlement_valid_until = None
    household.anonymised_at = now
    household.save()
    household.criteria.update(evidence="")
    household.history.update(note="")


def apply_retention(now: datetime.datetime | None = None) -> int:
    """Anonymise closed cases (versorgt, abgemeldet) after the alliance's retention period.

    Kept: the pseudonymous reference, coarse group fields and the decisions, so that the
    aggregated non-discrimination audit still counts them. Returns the number anonymised.
    """
    moment = now or timezone.now()
    count = 0
    for alliance in Alliance.objects.all():
        months = settings_of(alliance).retention_months
        cutoff = moment - datetime.timedelta(days=round(months * 365.25 / 12))
        due = Household.objects.filter(
            alliance=alliance, status__in=CLOSED_STATUSES, status_changed_at__lt=cutoff,
            anonymised_at__isnull=True,
        )  # fmt: skip
        with transaction.atomic():
            for household in due.select_for_update():
                _anonymise(household, moment)
                count += 1
    return count
