"""Reminders before a household's housing entitlement (WBS) expires."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Membership
from wohnbuendnis.allocation.models import EntitlementReminder, Household, HouseholdStatus

# --- reminders before the housing entitlement expires --------------------------------------------

REMINDER_DAYS = 60
OPEN_STATUSES = (HouseholdStatus.ACTIVE, HouseholdStatus.RESERVED, HouseholdStatus.DORMANT)


def expiring_entitlements(
    alliance: Alliance | None, day: datetime.date, days: int = REMINDER_DAYS
) -> QuerySet[Household]:
    """Open cases whose entitlement (WBS) expires within ``days`` from ``day`` (inclusive),
    soonest first; ``alliance=None`` for all alliances. A query, not a read of the data."""
    rows = Household.objects.filter(
        status__in=OPEN_STATUSES, anonymised_at__isnull=True,
        entitlement_valid_until__gte=day,
        entitlement_valid_until__lte=day + datetime.timedelta(days=days),
    )  # fmt: skip
    if alliance is not None:
        rows = rows.filter(alliance=alliance)
    return rows.order_by("entitlement_valid_until", "pk")


def _reminder_addresses(household: Household, day: datetime.date) -> list[str]:
    """The registering agency's staff in the alliance, else the housing office's staff."""
    active = Membership.objects.active(day).filter(alliance_id=household.alliance_id)
    candidates = []
    if household.agency_id is not None:
        candidates.append(
            active.filter(role=Role.SOCIAL_AGENCY, organisation_id=household.agency_id)
        )
    candidates.append(active.filter(role=Role.HOUSING_OFFICE))
    for memberships in candidates:
        found = sorted(
            set(memberships.exclude(person__email="").values_list("person__email", flat=True))
        )
        if found:
            return found
    return []


def _reminder_text(links: list[str], days: int) -> str:
    lines = [
        _("Guten Tag,"),
        "",
        _(
            "bei den folgenden wohnungssuchenden Haushalten läuft der Wohnberechtigungsschein "
            "in den nächsten %(days)d Tagen ab. Ohne gültigen Wohnberechtigungsschein kann der "
            "Haushalt nicht mehr benannt werden. Bitte unterstützen Sie die Verlängerung und "
            "tragen Sie das neue Datum in der Akte ein."
        )
        % {"days": days},
        "",
        *links,
        "",
        _(
            "Die Akten sind nur nach Anmeldung einsehbar; diese Nachricht enthält bewusst "
            "keine personenbezogenen Angaben."
        ),
    ]
    return "\n".join(lines)


@transaction.atomic
def send_entitlement_reminders(today: datetime.date | None = None, base_url: str = "") -> int:
    """E-mail a reminder for every open case whose entitlement expires within
    ``REMINDER_DAYS``: to the agency that registered the household, otherwise to the housing
    office. Each (household, expiry date) is reminded once. The mail holds only opaque case
    links (``base_url`` + the case's path). Returns the number of households reminded."""
    day = today or timezone.localdate()
    already = EntitlementReminder.objects.filter(
        household=OuterRef("pk"), valid_until=OuterRef("entitlement_valid_until")
    )
    due = expiring_entitlements(None, day).filter(~Exists(already)).select_for_update()
    links: dict[str, list[str]] = defaultdict(list)
    now, count = timezone.now(), 0
    for household in due:
        addresses = _reminder_addresses(household, day)
        if not addresses:
            continue  # nobody to tell: try again on the next run
        link = base_url.rstrip("/") + reverse("allocation:household", args=[household.public_id])
        for address in addresses:
            links[address].append(link)
        EntitlementReminder.objects.create(
            household=household, valid_until=household.entitlement_valid_until, sent_at=now,
            recipients=len(addresses),
        )  # fmt: skip
        count += 1
    subject = _("Wohnberechtigungsschein läuft bald ab")
    messages = [
        EmailMessage(
            subject, _reminder_text(rows, REMINDER_DAYS), settings.DEFAULT_FROM_EMAIL, [address]
        )
        for address, rows in sorted(links.items())
    ]
    if messages:
        # Inside the transaction: if sending fails, no reminder is recorded as sent.
        with get_connection() as connection:
            connection.send_messages(messages)
    return count
