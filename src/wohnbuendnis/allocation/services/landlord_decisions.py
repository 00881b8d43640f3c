"""The end of a nomination: the landlord's decision, or its deadline passing; either may lead
to the next households being named."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.accounts.models import User
from wohnbuendnis.allocation.models import (
    DeclineReason,
    Household,
    HouseholdStatus,
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.allocation.services._status import _household_status
from wohnbuendnis.allocation.services.nominations import nominate_candidates
from wohnbuendnis.lib.history import change_status
from wohnbuendnis.lib.site_language import in_site_language


def _release(nomination: Nomination, to: str, user: User | None, note: str = "") -> None:
    """End an open nomination without lease; the household's chances no longer rest."""
    change_status(nomination, to, user, note)
    household = Household.objects.select_for_update().get(pk=nomination.household_id)
    if household.status == HouseholdStatus.RESERVED:
        _household_status(
            household,
            HouseholdStatus.ACTIVE,
            user,
            in_site_language(gettext_noop("Benennung beendet")),
        )


@transaction.atomic
def record_landlord_decision(
    nomination: Nomination, user: User, *, accept: bool, reason: str = "", note: str = "",
    today: datetime.date | None = None,
) -> Nomination:  # fmt: skip
    """The landlord accepts one named household or declines one with a coded reason.

    Accepting lets the flat, marks the household "versorgt" and releases the other nominees.
    When the last open nomination is declined, the next households are named.
    """
    day = today or timezone.localdate()
    vacancy = Vacancy.objects.select_for_update().get(pk=nomination.vacancy_id)
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != NominationStatus.OPEN or vacancy.status != VacancyStatus.NOMINATED:
        raise ValidationError(_("Über diese Benennung ist bereits entschieden."))
    decided = {"decided_at": timezone.now(), "decided_by": user, "note": note[:300]}
    if accept:
        change_status(locked, NominationStatus.ACCEPTED, user, **decided)
        household = Household.objects.select_for_update().get(pk=locked.household_id)
        _household_status(
            household, HouseholdStatus.HOUSED, user, in_site_language(gettext_noop("Mietvertrag"))
        )
        others = vacancy.nominations.select_for_update().filter(status=NominationStatus.OPEN)
        for other in others:
            _release(other, NominationStatus.RELEASED, user)
        change_status(vacancy, VacancyStatus.LET, user, let_on=day)
        return locked
    if reason not in DeclineReason.values:
        raise ValidationError(_("Bitte geben Sie einen Ablehnungsgrund an."))
    decided["reason"] = reason
    change_status(locked, NominationStatus.DECLINED, user, **decided)
    household = Household.objects.select_for_update().get(pk=locked.household_id)
    if household.status == HouseholdStatus.RESERVED:
        _household_status(
            household,
            HouseholdStatus.ACTIVE,
            user,
            in_site_language(gettext_noop("Benennung abgelehnt")),
        )
    if not vacancy.nominations.filter(status=NominationStatus.OPEN).exists():
        nominate_candidates(vacancy, user, day)
    return locked


def expire_overdue_nominations(today: datetime.date | None = None) -> int:
    """Open nominations past their deadline expire; vacancies left without an open nomination
    get the next households named. Returns the number of expired nominations."""
    day = today or timezone.localdate()
    due = Nomination.objects.filter(status=NominationStatus.OPEN, deadline__lt=day)
    count = 0
    for vacancy_id in sorted(set(due.values_list("vacancy_id", flat=True))):
        with transaction.atomic():
            vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
            for nomination in vacancy.nominations.select_for_update().filter(
                status=NominationStatus.OPEN, deadline__lt=day
            ):
                _release(
                    nomination,
                    NominationStatus.EXPIRED,
                    None,
                    in_site_language(gettext_noop("Frist abgelaufen")),
                )
                count += 1
            still_open = vacancy.nominations.filter(status=NominationStatus.OPEN).exists()
            if vacancy.status == VacancyStatus.NOMINATED and not still_open:
                nominate_candidates(vacancy, None, day)
    return count
