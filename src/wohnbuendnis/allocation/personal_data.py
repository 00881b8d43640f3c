"""Every read of an applicant's personal data goes through here and writes an access-log row.

(GDPR Art. 5(2), 25, 30.) The functions check the permission again (defence in depth) and
return only what the reader's role may see: a landlord gets the minimal nominee record.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wohnbuendnis.accounts.models import AccessAction, User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.accounts.services import (
    record_personal_data_access,
    record_personal_data_accesses,
)
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.alliance.rules import roles_of
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    CostCoverageStatus,
    Household,
    Nomination,
    NominationStatus,
    PriorityScheme,
    Vacancy,
)
from wohnbuendnis.allocation.rules import organisations_of
from wohnbuendnis.allocation.services.reminders import expiring_entitlements

COST_COVERAGE_SHOWN = 200  # the list page shows at most this many cases
PERSONS_OR_MORE = 6  # the register's size filter: 1, 2, … 5, "6 und mehr"


def _require(user: User, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def households_for(
    user: User, alliance: Alliance, status: str = "", *, search: str = "",
    persons: int | None = None, min_points: int | None = None,
) -> QuerySet[Household]:  # fmt: skip
    """The register as the user may see it: all for the housing office, own clients for an
    agency. Not logged here: a page shows a part of it, see ``household_page``.

    The filters narrow that scope, never widen it: ``search`` a part of the file number or the
    name, ``persons`` the household size (``PERSONS_OR_MORE`` and up), ``min_points`` the
    urgency points at least."""
    _require(user, "allocation.view_register", alliance)
    rows = Household.objects.filter(alliance=alliance, anonymised_at__isnull=True)
    if not user.has_perm("allocation.verify_household", alliance):  # not the housing office
        rows = rows.filter(agency__in=organisations_of(user, alliance, Role.SOCIAL_AGENCY))
    if status:
        rows = rows.filter(status=status)
    if search.strip():
        term = search.strip()
        rows = rows.filter(Q(reference__icontains=term) | Q(name__icontains=term))
    if persons is not None:
        rows = (
            rows.filter(persons__gte=persons)
            if persons >= PERSONS_OR_MORE
            else rows.filter(persons=persons)
        )
    if min_points is not None:
        rows = rows.filter(points__gte=min_points)
    return rows.select_related("agency")


def household_page(
    user: User, alliance: Alliance, status: str, number: str | None, per_page: int = 50,
    **filters: Any,
) -> Page:  # fmt: skip
    """One page of the register (``filters`` as ``households_for``); one access-log row per
    household shown on it."""
    rows = households_for(user, alliance, status, **filters)
    page = Paginator(rows, per_page).get_page(number)
    record_personal_data_accesses(
        user, AccessAction.VIEW, page.object_list, gettext_lazy("Liste wohnungssuchender Haushalte")
    )
    return page


def _expiring_in_scope(user: User, alliance: Alliance):
    _require(user, "allocation.view_register", alliance)
    rows = expiring_entitlements(alliance, timezone.localdate())
    if not user.has_perm("allocation.verify_household", alliance):
        rows = rows.filter(agency__in=organisations_of(user, alliance, Role.SOCIAL_AGENCY))
    return rows


def count_expiring_entitlements(user: User, alliance: Alliance) -> int:
    """How many entitlements in the user's scope expire in the next 60 days: a number, no
    household's data, so the register page names it without logging a read."""
    return _expiring_in_scope(user, alliance).count()


def expiring_entitlements_for(user: User, alliance: Alliance) -> list[Household]:
    """Open cases whose entitlement (WBS) expires in the next 60 days, in the user's scope
    (all for the housing office, own clients for an agency), with the reminders sent.
    One access-log row per household shown."""
    found = list(_expiring_in_scope(user, alliance).prefetch_related("entitlement_reminders"))
    record_personal_data_accesses(
        user, AccessAction.VIEW, found, gettext_lazy("Ablaufende Wohnberechtigungsscheine")
    )
    for household in found:
        household.reminded_at = next(
            (
                r.sent_at
                for r in household.entitlement_reminders.all()
                if r.valid_until == household.entitlement_valid_until
            ),
            None,
        )
    return found


def view_household(user: User, household: Household, reason: str) -> Household:
    """One household's full record (housing office, or the agency that registered it)."""
    _require(user, "allocation.view_applicant", household)
    record_personal_data_access(user, AccessAction.VIEW, household, reason)
    return household


def _fit_of(nomination: Nomination, schemes: dict[int, Any]) -> list[str]:
    """The size and occupancy rules of the nomination's priority-list version, as checked for
    the household's size in the vacancy's flat (``schemes``: parsed versions by id)."""
    version: PriorityScheme = nomination.scheme
    if version.pk not in schemes:
        schemes[version.pk] = engine.parse(version.toml)
    return engine.fit_lines(
        schemes[version.pk], nomination.household.persons, nomination.vacancy.flat
    )


def nominees_for_landlord(user: User, vacancy: Vacancy) -> list[dict[str, Any]]:
    """The open nominations of the landlord's vacancy, each with the minimum needed to decide:
    name and contact, household size, which rules were checked (the size and occupancy rules
    with the flat's figures; entitlement, income and accessibility only as "checked"). No
    income, no health data, no nationality, no points. Logged per household."""
    _require(user, "allocation.view_vacancy", vacancy)
    result = []
    schemes: dict[int, Any] = {}
    for nomination in vacancy.nominations.filter(status=NominationStatus.OPEN).select_related(
        "household", "scheme", "vacancy__flat"
    ):
        _require(user, "allocation.view_nominee", nomination)
        household = nomination.household
        reason = gettext_lazy("Benennung für eigene Wohnung entscheiden")
        record_personal_data_access(user, AccessAction.VIEW, household, reason)
        result.append(
            {"nomination": nomination, "rank": nomination.rank, "name": household.name,
             "contact": household.contact, "persons": household.persons,
             "children": household.children, "deadline": nomination.deadline,
             "scheme_version": nomination.scheme.version,
             "fit": _fit_of(nomination, schemes)}
        )  # fmt: skip
    return result


def nominations_for_office(user: User, vacancy: Vacancy) -> list[Nomination]:
    """All nominations of a vacancy with reference and points, for the housing office, each
    with the size and occupancy rules checked (``fit``). One access-log row per household
    shown."""
    _require(user, "allocation.nominate", vacancy)
    rows = list(vacancy.nominations.select_related("household", "scheme", "vacancy__flat"))
    record_personal_data_accesses(
        user,
        AccessAction.VIEW,
        [n.household for n in rows],
        gettext_lazy("Benennung für eine Wohnung"),
    )
    schemes: dict[int, Any] = {}
    for row in rows:
        row.fit = _fit_of(row, schemes)
    return rows


def cost_coverage_for(user: User, alliance: Alliance) -> list[CostCoverageCase]:
    """Cost-coverage cases (by household reference): all for the housing office, own clients
    for an agency, for the job centre and the social welfare office only the cases addressed
    to it (open ones first, soonest decision deadline first). One access-log row per household
    shown."""
    _require(user, "allocation.view_cost_coverage", alliance)
    rows = CostCoverageCase.objects.filter(
        household__alliance=alliance, household__anonymised_at__isnull=True
    )
    if not user.has_perm("allocation.verify_household", alliance):
        offices = roles_of(user, alliance) & {Role.JOBCENTER, Role.SOCIAL_WELFARE_OFFICE}
        rows = rows.filter(
            Q(household__agency__in=organisations_of(user, alliance, Role.SOCIAL_AGENCY))
            | Q(agency__in=offices)
        )
        if offices:
            rows = rows.order_by(
                Case(When(status=CostCoverageStatus.REQUESTED, then=0), default=1),
                F("decision_due_on").asc(nulls_last=True), "-requested_on", "-id",
            )  # fmt: skip
    cases = list(rows.select_related("household", "vacancy__flat")[:COST_COVERAGE_SHOWN])
    record_personal_data_accesses(
        user,
        AccessAction.VIEW,
        [c.household for c in cases],
        gettext_lazy("Liste der Kostenübernahmen"),
    )
    return cases
