"""Who may see and do what in the cooperative allocation (docs/roles-and-permissions.md).

Data protection by design (GDPR Art. 25): the housing office sees all applicants of its
alliance; a social agency only the households its organisation registered; a landlord only
households named for its own flats, only while the nomination is open, and only what it needs to
decide. Politics and the public see nothing personal. Objects passed to the predicates are an
``Alliance`` or anything with an ``alliance`` attribute (household, vacancy, nomination, case).
"""

from __future__ import annotations

import rules

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Membership
from wohnbuendnis.alliance.rules import alliance_of, has_role, roles_of

is_housing_office = has_role(Role.HOUSING_OFFICE)
is_coordination = has_role(Role.COORDINATION)
is_landlord = has_role(Role.LANDLORD)
is_social_agency = has_role(Role.SOCIAL_AGENCY)
is_benefit_office = has_role(Role.JOBCENTER, Role.SOCIAL_WELFARE_OFFICE)
is_data_protection_officer = has_role(Role.DATA_PROTECTION)


def organisations_of(user, alliance: Alliance, role: Role) -> frozenset[int]:
    """Ids of the organisations on whose behalf the user holds ``role`` in the alliance today."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_allocation_orgs", {})
    key = (alliance.pk, str(role))
    if key not in cache:
        cache[key] = frozenset(
            Membership.objects.active()
            .filter(alliance=alliance, person__user=user, role=role, organisation__isnull=False)
            .values_list("organisation_id", flat=True)
        )
    return cache[key]


def _landlord_id(obj) -> int | None:
    """The landlord organisation of a vacancy or nomination."""
    vacancy = getattr(obj, "vacancy", obj)
    flat = getattr(vacancy, "flat", None)
    return getattr(flat, "landlord_id", None)


@rules.predicate
def is_own_client(user, obj=None) -> bool:
    """The household (or its cost-coverage case) was registered by the user's agency."""
    household = getattr(obj, "household", obj)
    alliance = alliance_of(household)
    agency = getattr(household, "agency_id", None)
    return (
        alliance is not None
        and agency is not None
        and agency in organisations_of(user, alliance, Role.SOCIAL_AGENCY)
    )


@rules.predicate
def is_addressed_office(user, obj=None) -> bool:
    """The cost-coverage case asks the user's office: a job centre user holds the Jobcenter
    role and the case is addressed to the Jobcenter (the same for the Sozialamt); need to know,
    so a case addressed to the other office is never shown."""
    alliance = alliance_of(obj)
    agency = getattr(obj, "agency", None)
    return (
        alliance is not None
        and agency in (Role.JOBCENTER, Role.SOCIAL_WELFARE_OFFICE)
        and agency in roles_of(user, alliance)
    )


@rules.predicate
def is_own_flat(user, obj=None) -> bool:
    """The vacancy or nomination concerns a flat of the user's landlord organisation."""
    alliance = alliance_of(obj)
    landlord = _landlord_id(obj)
    return (
        alliance is not None
        and landlord is not None
        and landlord in organisations_of(user, alliance, Role.LANDLORD)
    )


@rules.predicate
def is_open_nomination(user, obj=None) -> bool:
    from wohnbuendnis.allocation.models import NominationStatus

    return getattr(obj, "status", None) == NominationStatus.OPEN


@rules.predicate
def is_in_audit_body(user, obj=None) -> bool:
    """The user sits in a body the alliance named for the non-discrimination audit."""
    alliance = alliance_of(obj)
    if alliance is None or not getattr(user, "is_authenticated", False):
        return False
    from wohnbuendnis.allocation.models import AllocationSettings

    return AllocationSettings.objects.filter(
        alliance=alliance, audit_bodies__members__user=user
    ).exists()


rules.add_perm("allocation.view_register", is_housing_office | is_social_agency)
rules.add_perm("allocation.register_household", is_housing_office | is_social_agency)
rules.add_perm("allocation.import_register", is_housing_office)
rules.add_perm("allocation.view_applicant", is_housing_office | is_own_client)
rules.add_perm("allocation.export_applicant", is_housing_office | is_own_client)
rules.add_perm("allocation.verify_household", is_housing_office)
rules.add_perm("allocation.set_household_status", is_housing_office)
rules.add_perm("allocation.withdraw_consent", is_housing_office | is_own_client)
rules.add_perm(
    "allocation.view_cost_coverage", is_housing_office | is_social_agency | is_benefit_office
)
rules.add_perm("allocation.request_cost_coverage", is_housing_office | is_own_client)
# one case's page (the office reads the request and the landlord's deadline there)
rules.add_perm(
    "allocation.view_cost_coverage_case", is_housing_office | is_own_client | is_addressed_office
)
rules.add_perm(
    "allocation.decide_cost_coverage", is_housing_office | is_own_client | is_addressed_office
)
# the access log of applicants' data: who read which file when and why (not the files)
rules.add_perm("allocation.view_access_log", is_housing_office | is_data_protection_officer)
rules.add_perm("allocation.view_priority_scheme", rules.is_authenticated & has_role(*Role))
rules.add_perm("allocation.edit_priority_scheme", is_housing_office | is_coordination)
rules.add_perm("allocation.view_vacancies", is_housing_office | is_landlord)
rules.add_perm("allocation.report_vacancy", is_landlord)
rules.add_perm("allocation.view_vacancy", is_housing_office | is_own_flat)
rules.add_perm("allocation.nominate", is_housing_office)
rules.add_perm("allocation.view_nominee", is_own_flat & is_open_nomination)
rules.add_perm("allocation.decide_nomination", is_own_flat & is_open_nomination)
rules.add_perm("allocation.edit_settings", is_housing_office | is_coordination)
rules.add_perm("allocation.view_audit", is_housing_office | is_coordination | is_in_audit_body)
# aggregates only (small counts suppressed): every role of the alliance
rules.add_perm("allocation.view_places", rules.is_authenticated & has_role(*Role))
rules.add_perm("allocation.publish_indicators", is_housing_office | is_coordination)

# issue 16, items 4 and 5: households' wishes, the preview of nominations, drafts of the list
rules.add_perm("allocation.view_preferences", is_housing_office | is_own_client)
rules.add_perm("allocation.state_preferences", is_housing_office | is_own_client)
rules.add_perm("allocation.preview_nominations", is_housing_office)
rules.add_perm("allocation.draft_priority_scheme", is_housing_office | is_coordination)
rules.add_perm("allocation.adopt_priority_scheme", is_housing_office | is_coordination)
rules.add_perm("allocation.view_scheme_draft", rules.is_authenticated & has_role(*Role))
# the cases behind the draft's effect (file numbers): the housing office only
rules.add_perm("allocation.view_draft_cases", is_housing_office)
