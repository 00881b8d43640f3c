"""Cooperative allocation of bound flats (contract: ../shared/spec/allocation.md).

Eligibility (five rules), urgency points and priority key, and three mechanisms: ``shortlist``
(N ranked nominees per flat, the German Benennungsrecht practice), ``optimal`` (matroid-greedy
batch assignment) and ``deferred-acceptance`` (applicant-proposing, with preferences).
Pure functions on in-memory records; no Django, no files.
"""

from wohnbuendnis.analytics.allocation.deferred_acceptance import deferred_acceptance
from wohnbuendnis.analytics.allocation.eligibility import (
    FitCheck,
    fit_checks,
    income_limit,
    is_eligible,
    size_limit_m2,
)
from wohnbuendnis.analytics.allocation.model import (
    Flat,
    Household,
    IncomeLimits,
    OccupancyRules,
    Preference,
    Scheme,
    SizeRules,
    scheme_hash,
)
from wohnbuendnis.analytics.allocation.outcome import (
    NEEDS_COST_COVERAGE_EXCEPTION,
    NO_ELIGIBLE_FLAT,
    OUTRANKED,
    AllocationResult,
    Assignment,
    Nomination,
    Unplaced,
)
from wohnbuendnis.analytics.allocation.priority import draw_lottery, points, priority_order
from wohnbuendnis.analytics.allocation.run import (
    MECHANISMS,
    allocate,
    deferred_acceptance_allocation,
    optimal,
    shortlist,
)

__all__ = [
    "MECHANISMS",
    "NEEDS_COST_COVERAGE_EXCEPTION",
    "NO_ELIGIBLE_FLAT",
    "OUTRANKED",
    "AllocationResult",
    "Assignment",
    "FitCheck",
    "Flat",
    "Household",
    "IncomeLimits",
    "Nomination",
    "OccupancyRules",
    "Preference",
    "Scheme",
    "SizeRules",
    "Unplaced",
    "allocate",
    "deferred_acceptance",
    "deferred_acceptance_allocation",
    "draw_lottery",
    "fit_checks",
    "income_limit",
    "is_eligible",
    "optimal",
    "points",
    "priority_order",
    "scheme_hash",
    "shortlist",
    "size_limit_m2",
]
