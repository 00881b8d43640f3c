"""Applicant register, priority-list versions, cost coverage, vacancies and nominations.

Personal data of applicants lives on :class:`Household` and :class:`HouseholdCriterion` only;
every other table names a household by foreign key. URLs use the opaque ``public_id`` (uuid).
Models hold single-row rules; every state change is a function in ``services``.

One module per aggregate: ``configuration`` (allocation settings with history, priority-list
versions), ``households`` (the applicant register), ``cost_coverage``, ``vacancies`` (bound flats
and their vacancies), ``nominations``; ``base`` holds the shared field helpers (the status
histories derive from ``lib.history.StatusChange`` as everywhere). This package re-exports every
model, choice and constant, so callers keep importing from ``wohnbuendnis.allocation.models``.
"""

from wohnbuendnis.allocation.models.base import MONEY, USER
from wohnbuendnis.allocation.models.configuration import (
    AllocationSettings,
    AllocationSettingsChange,
    PriorityScheme,
)
from wohnbuendnis.allocation.models.cost_coverage import (
    BenefitAgency,
    CostCoverageCase,
    CostCoverageStatus,
    CostCoverageStatusChange,
)
from wohnbuendnis.allocation.models.households import (
    CLOSED_STATUSES,
    CONSENT_WORDING,
    EntitlementReminder,
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    HouseholdStatusChange,
    HouseholdType,
    NationalityGroup,
    check_household,
)
from wohnbuendnis.allocation.models.nominations import (
    DeclineReason,
    Nomination,
    NominationStatus,
    NominationStatusChange,
)
from wohnbuendnis.allocation.models.preferences import (
    HousingPreference,
    Mechanism,
    NominationPreview,
    PreviewEntry,
    PreviewStatus,
    PrioritySchemeDraft,
)
from wohnbuendnis.allocation.models.statistics import (
    AUDIT_MEASURES,
    RetainedMeasure,
    RetainedStatistic,
    RetentionRun,
)
from wohnbuendnis.allocation.models.vacancies import (
    Flat,
    Vacancy,
    VacancyStatus,
    VacancyStatusChange,
    check_district,
    check_flat,
    district_choices,
)

__all__ = [
    "AUDIT_MEASURES",
    "CLOSED_STATUSES",
    "CONSENT_WORDING",
    "MONEY",
    "USER",
    "AllocationSettings",
    "AllocationSettingsChange",
    "BenefitAgency",
    "CostCoverageCase",
    "CostCoverageStatus",
    "CostCoverageStatusChange",
    "DeclineReason",
    "EntitlementReminder",
    "Flat",
    "Household",
    "HouseholdCriterion",
    "HouseholdStatus",
    "HouseholdStatusChange",
    "HouseholdType",
    "HousingPreference",
    "Mechanism",
    "NationalityGroup",
    "Nomination",
    "NominationPreview",
    "NominationStatus",
    "NominationStatusChange",
    "PreviewEntry",
    "PreviewStatus",
    "PriorityScheme",
    "PrioritySchemeDraft",
    "RetainedMeasure",
    "RetainedStatistic",
    "RetentionRun",
    "Vacancy",
    "VacancyStatus",
    "VacancyStatusChange",
    "check_district",
    "check_flat",
    "check_household",
    "district_choices",
]
