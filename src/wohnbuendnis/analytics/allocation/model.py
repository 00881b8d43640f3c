"""In-memory records of the allocation engine (contract: ../shared/spec/allocation.md).

Plain frozen dataclasses, so that the web app (applicant register, vacancies) can build them from
its database rows and the CLI from files. Money, income and areas are :class:`decimal.Decimal`
because the spec compares them exactly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# Ordering tokens a scheme may use in ``tie_break``; the engine always appends lottery and id.
TIE_BREAK_FIELDS = ("points", "registered_on", "lottery")
TIE_BREAK_TOKENS = tuple(f"{name}_{way}" for name in TIE_BREAK_FIELDS for way in ("asc", "desc"))


@dataclass(frozen=True)
class Household:
    """One registered applicant household (a row of ``applicants.csv``).

    ``criteria`` holds the names of the priority-list criteria that apply (column = 1);
    ``lottery`` is a number in [0, 1) or ``None`` (then drawn from the run's seed).
    """

    household_id: str
    registered_on: date
    persons: int
    children: int
    income_eur: Decimal
    entitlement_valid_until: date | None
    rent_cap_eur: Decimal | None
    needs_step_free: bool = False
    needs_wheelchair: bool = False
    criteria: frozenset[str] = frozenset()
    lottery: float | None = None


@dataclass(frozen=True)
class Flat:
    """One vacant bound flat (a row of ``flats.csv``); ``rent_gross_eur`` is monthly."""

    flat_id: str
    landlord_id: str
    rooms: Decimal
    area_m2: Decimal
    rent_gross_eur: Decimal
    step_free: bool
    wheelchair: bool
    funding_path: str
    available_from: date


@dataclass(frozen=True)
class Preference:
    """A household's ranked wish for a flat (a row of ``preferences.csv``; rank 1 = best)."""

    household_id: str
    flat_id: str
    rank: int


@dataclass(frozen=True)
class IncomeLimits:
    """Annual income limits (WoFG/HWoFG style): base for 1 and 2 persons, supplements, paths."""

    base_1: Decimal
    base_2: Decimal
    per_further_person: Decimal
    per_child: Decimal
    paths: Mapping[str, Decimal]


@dataclass(frozen=True)
class SizeRules:
    """Largest flat area in m² per household size (keys 1…k); above k per further person."""

    max_m2: Mapping[int, Decimal]
    per_further_person_m2: Decimal


@dataclass(frozen=True)
class OccupancyRules:
    """Smallest flat for a household (optional ``[occupancy_rules]`` of the scheme).

    ``rooms_at_least_persons_minus = k``: rooms ≥ persons − k (e.g. 1: a 6-person household
    needs 5 rooms); ``min_m2_per_person = a``: area ≥ a × persons. ``None`` = not checked.
    """

    rooms_at_least_persons_minus: int | None = None
    min_m2_per_person: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    """The alliance's priority list and rules (``scheme.toml``)."""

    nominees_per_flat: int
    reference_date: date
    max_points: int
    criteria: Mapping[str, int]
    income_limits: IncomeLimits
    size_rules: SizeRules
    tie_break: tuple[str, ...] = ("points_desc", "registered_on_asc", "lottery_asc")
    occupancy_rules: OccupancyRules | None = None

    def __post_init__(self) -> None:
        if self.nominees_per_flat < 3:
            raise ValueError("nominees_per_flat must be at least 3 (§ 5a WoBindG)")
        unknown = [token for token in self.tie_break if token not in TIE_BREAK_TOKENS]
        if unknown:
            raise ValueError(f"unknown tie_break tokens {unknown}; expected {TIE_BREAK_TOKENS}")
        if sorted(self.size_rules.max_m2) != list(range(1, len(self.size_rules.max_m2) + 1)):
            raise ValueError("size_rules.max_m2 needs the keys 1, 2, … without gaps")


def scheme_hash(scheme: Scheme) -> str:
    """SHA-256 (hex) of the scheme's canonical JSON form.

    Canonical: keys sorted, numbers as decimal strings; so the same rules give the same hash
    whether they come from a TOML file or from a stored scheme version in the database.
    """
    limits = scheme.income_limits
    canonical: dict[str, Any] = {
        "nominees_per_flat": scheme.nominees_per_flat,
        "reference_date": scheme.reference_date.isoformat(),
        "max_points": scheme.max_points,
        "tie_break": list(scheme.tie_break),
        "criteria": dict(sorted(scheme.criteria.items())),
        "income_limits": {
            "base_1": str(limits.base_1.normalize()),
            "base_2": str(limits.base_2.normalize()),
            "per_further_person": str(limits.per_further_person.normalize()),
            "per_child": str(limits.per_child.normalize()),
            "paths": {k: str(v.normalize()) for k, v in sorted(limits.paths.items())},
        },
        "size_rules": {
            "max_m2": {
                str(k): str(v.normalize()) for k, v in sorted(scheme.size_rules.max_m2.items())
            },
            "per_further_person_m2": str(scheme.size_rules.per_further_person_m2.normalize()),
        },
    }
    occupancy = scheme.occupancy_rules
    if occupancy is not None:  # only when present: an old scheme keeps its hash
        canonical["occupancy_rules"] = {
            key: value
            for key, value in (
                ("rooms_at_least_persons_minus", occupancy.rooms_at_least_persons_minus),
                (
                    "min_m2_per_person",
                    None
                    if occupancy.min_m2_per_person is None
                    else str(occupancy.min_m2_per_person.normalize()),
                ),
            )
            if value is not None
        }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
