"""Cost coverage at the table: a request raised at a nomination gets a decision deadline before
the landlord's, and the job centre or social welfare office is reminded of it.

The landlord decides on a nominee by ``Nomination.deadline``; the office is asked to decide
``AllocationSettings.cost_coverage_lead_days`` working days (Monday to Friday) earlier, never
before the day of the request. A reminder goes once per case to the staff of the office the
case asks (by e-mail, without personal data: only the case's opaque link).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Membership
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    CostCoverageStatus,
    Nomination,
    NominationStatus,
)
from wohnbuendnis.allocation.services.settings import settings_of
from wohnbuendnis.lib.history import record_status
from wohnbuendnis.lib.site_language import in_site_language

SATURDAY = 5  # date.weekday(): Monday 0 … Sunday 6


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The day ``days`` working days (Monday to Friday) before ``day``."""
    current = day
    while days > 0:
        current -= datetime.timedelta(days=1)
        if current.weekday() < SATURDAY:
            days -= 1
    return current


def decision_due(nomination: Nomination, today: datetime.date) -> datetime.date:
    """When the office should decide: the lead days before the landlord's deadline of the
    nomination, but not before ``today`` (and never after the landlord's deadline)."""
    lead = settings_of(nomination.vacancy.flat.alliance).cost_coverage_lead_days
    return min(max(working_days_before(nomination.deadline, lead), today), nomination.deadline)


def open_nomination_of(case: CostCoverageCase) -> Nomination | None:
    """The household's open nomination the case is about: for the case's flat if it names
    one, else the household's latest open nomination."""
    rows = Nomination.objects.select_related("vacancy__flat").filter(
        household_id=case.household_id, status=NominationStatus.OPEN
    )
    if case.vacancy_id is not None:
        rows = rows.filter(vacancy_id=case.vacancy_id)
    return rows.order_by("-nominated_on", "-pk").first()


def tie_to_nomination(
    case: CostCoverageCase,
    nomination: Nomination,
    user: User | None,
    today: datetime.date,
    *,
    note: bool = True,
) -> None:
    """Name the nomination's flat and the landlord's deadline on an open request and set the
    day the office should decide by (the caller holds the case's lock)."""
    vacancy = nomination.vacancy
    case.vacancy = vacancy
    case.requested_rent_eur = vacancy.flat.rent_gross_eur
    case.landlord_deadline = nomination.deadline
    case.decision_due_on = decision_due(nomination, today)
    case.reminded_on = None
    case.save(
        update_fields=[
            "vacancy",
            "requested_rent_eur",
            "landlord_deadline",
            "decision_due_on",
            "reminded_on",
        ]
    )
    if note:
        record_status(
            case,
            user,
            in_site_language(
                gettext_noop(
                    "Benennung: Entscheidung erbeten bis %(due)s, Frist des Vermieters %(deadline)s"
                ),
                due=f"{case.decision_due_on:%d.%m.%Y}",
                deadline=f"{nomination.deadline:%d.%m.%Y}",
            ),
        )


def raise_at_nomination(
    nominations: Iterable[Nomination], user: User | None, today: datetime.date
) -> int:
    """At a nomination, every named household with an open cost-coverage request: the request
    now concerns the flat it was named for, with a decision deadline before the landlord's.
    Returns the number of requests raised."""
    by_household = {n.household_id: n for n in nominations}
    if not by_household:
        return 0
    cases = CostCoverageCase.objects.select_for_update().filter(
        household_id__in=by_household, status=CostCoverageStatus.REQUESTED
    )
    count = 0
    for case in cases:
        tie_to_nomination(case, by_household[case.household_id], user, today)
        count += 1
    return count


# --- reminders to the office ---------------------------------------------------------------------

REMIND_WORKING_DAYS = 1  # a reminder when the decision is due within this many working days


def due_for_reminder(today: datetime.date):
    """Open requests with a decision deadline that is near (or passed) and not yet reminded."""
    latest = today
    for _day in range(REMIND_WORKING_DAYS):
        latest = _next_working_day(latest)
    return CostCoverageCase.objects.filter(
        status=CostCoverageStatus.REQUESTED,
        decision_due_on__isnull=False,
        decision_due_on__lte=latest,
        reminded_on__isnull=True,
        household__anonymised_at__isnull=True,
    ).select_related("household")


def _next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while day.weekday() >= SATURDAY:
        day += datetime.timedelta(days=1)
    return day


def office_addresses(case: CostCoverageCase, day: datetime.date) -> list[str]:
    """E-mail addresses of the staff holding the role of the office the case asks."""
    rows = (
        Membership.objects.active(day)
        .filter(alliance_id=case.household.alliance_id, role=case.agency)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    return sorted(set(rows))


def _reminder_text(rows: list[tuple[datetime.date, str]]) -> str:
    lines = [
        _("Guten Tag,"),
        "",
        _(
            "über die folgenden Anträge auf Kostenübernahme ist bald zu entscheiden: danach "
            "läuft die Frist des Vermieters ab, und die Wohnung geht an einen anderen Haushalt."
        ),
        "",
        *(
            _("bis %(due)s: %(link)s") % {"due": f"{due:%d.%m.%Y}", "link": link}
            for due, link in sorted(rows)
        ),
        "",
        _(
            "Die Anträge sind nur nach Anmeldung einsehbar; diese Nachricht enthält bewusst "
            "keine personenbezogenen Angaben."
        ),
    ]
    return "\n".join(lines)


@transaction.atomic
def send_cost_coverage_reminders(today: datetime.date | None = None, base_url: str = "") -> int:
    """E-mail the office a reminder for every open request whose decision is due within
    ``REMIND_WORKING_DAYS`` working days (or overdue); each case once. Returns the number of
    cases reminded."""
    day = today or timezone.localdate()
    rows: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
    count = 0
    for case in due_for_reminder(day).select_for_update(of=("self",)):
        addresses = office_addresses(case, day)
        if not addresses:
            continue  # nobody to tell: try again on the next run
        link = base_url.rstrip("/") + reverse(
            "allocation:cost_coverage_case", args=[case.public_id]
        )
        for address in addresses:
            rows[address].append((case.decision_due_on, link))
        case.reminded_on = day
        case.save(update_fields=["reminded_on"])
        count += 1
    messages = [
        EmailMessage(
            _("Kostenübernahme: Entscheidung fällig"),
            _reminder_text(found),
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
        for address, found in sorted(rows.items())
    ]
    if messages:
        with get_connection() as connection:  # inside the transaction: failed = not reminded
            connection.send_messages(messages)
    return count
