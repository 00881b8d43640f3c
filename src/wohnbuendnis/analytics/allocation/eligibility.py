"""Eligibility of a household for a flat: the five rules of ../shared/spec/allocation.md.

1. entitlement (WBS) valid on the reference date; 2. income within the limit of the flat's
funding path; 3. flat area within the size limit and, when the scheme has the optional
``[occupancy_rules]``, the flat not too small (rooms ≥ persons − k, area ≥ m² per person ×
persons); 4. step-free / wheelchair needs met; 5. rent within the cost-coverage cap (if any).

Exactness: the spec compares income, areas and rents exactly. Decimal values are compared once
in Python and turned into integer ranks on a joint scale (``rank(a) <= rank(b)`` iff ``a <= b``),
so the vectorised numpy checks afterwards are exact too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.model import Flat, Household, Scheme

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
NO_CAP = np.iinfo(np.int64).max


def income_limit(scheme: Scheme, persons: int, children: int, funding_path: str) -> Decimal:
    """Annual income limit in EUR for a household (rule 2), exact.

    limit = base_1 (1 person), base_2 (2 persons), base_2 + per_further_person × (persons − 2)
    above, plus per_child × children; times the multiplier of ``funding_path``
    (§ 9 WoFG-style limits as in HWoFG; the scheme holds the figures).
    """
    limits = scheme.income_limits
    if persons <= 1:
        base = limits.base_1
    else:
        base = limits.base_2 + limits.per_further_person * (persons - 2)
    limit: Decimal = (base + limits.per_child * children) * limits.paths[funding_path]
    return limit


def size_limit_m2(scheme: Scheme, persons: int) -> Decimal:
    """Largest area in m² for a household of ``persons`` (rule 3).

    Listed sizes come from ``max_m2``; above the largest listed size: its limit plus
    ``per_further_person_m2`` per further person.
    """
    table = scheme.size_rules.max_m2
    largest = max(table)
    extra = scheme.size_rules.per_further_person_m2 * max(0, persons - largest)
    limit: Decimal = table[min(max(persons, 1), largest)] + extra
    return limit


def min_rooms(scheme: Scheme, persons: int) -> Decimal | None:
    """Fewest rooms for a household of ``persons`` (occupancy rule), ``None`` if not checked."""
    rules = scheme.occupancy_rules
    if rules is None or rules.rooms_at_least_persons_minus is None:
        return None
    return Decimal(max(persons, 1) - rules.rooms_at_least_persons_minus)


def min_area_m2(scheme: Scheme, persons: int) -> Decimal | None:
    """Smallest area in m² for a household of ``persons`` (occupancy rule), ``None`` if not
    checked."""
    rules = scheme.occupancy_rules
    if rules is None or rules.min_m2_per_person is None:
        return None
    return rules.min_m2_per_person * max(persons, 1)


def fits_size(persons: int, flat: Flat, scheme: Scheme) -> bool:
    """Rule 3: not larger than the size limit and not smaller than the occupancy rules."""
    rooms, area = min_rooms(scheme, persons), min_area_m2(scheme, persons)
    return (
        flat.area_m2 <= size_limit_m2(scheme, persons)
        and (rooms is None or flat.rooms >= rooms)
        and (area is None or flat.area_m2 >= area)
    )


#: Keys of the fit checks (labels live in the web app and the docs).
MAX_AREA, MIN_ROOMS, MIN_AREA = "max_area_m2", "min_rooms", "min_area_m2"


@dataclass(frozen=True)
class FitCheck:
    """One checked fit rule of a household and a flat: ``actual`` against ``limit``
    (``MAX_AREA``: actual ≤ limit; ``MIN_ROOMS`` / ``MIN_AREA``: actual ≥ limit)."""

    rule: str
    limit: Decimal
    actual: Decimal
    holds: bool


def fit_checks(persons: int, flat: Flat, scheme: Scheme) -> tuple[FitCheck, ...]:
    """The size and occupancy rules the scheme checks for ``persons`` in ``flat``, in order:
    largest area, then (if the scheme has them) fewest rooms and smallest area."""
    largest = size_limit_m2(scheme, persons)
    checks = [FitCheck(MAX_AREA, largest, flat.area_m2, flat.area_m2 <= largest)]
    rooms = min_rooms(scheme, persons)
    if rooms is not None:
        checks.append(FitCheck(MIN_ROOMS, rooms, flat.rooms, flat.rooms >= rooms))
    area = min_area_m2(scheme, persons)
    if area is not None:
        checks.append(FitCheck(MIN_AREA, area, flat.area_m2, flat.area_m2 >= area))
    return tuple(checks)


def is_eligible(household: Household, flat: Flat, scheme: Scheme) -> bool:
    """Scalar reference of the five rules for one pair (readable; the engine is vectorised)."""
    return base_rules_hold(household, flat, scheme) and (
        household.rent_cap_eur is None or flat.rent_gross_eur <= household.rent_cap_eur
    )


def base_rules_hold(household: Household, flat: Flat, scheme: Scheme) -> bool:
    """Rules 1–4 for one pair (everything but the cost-coverage cap)."""
    valid = household.entitlement_valid_until is not None and (
        household.entitlement_valid_until >= scheme.reference_date
    )
    limit = income_limit(scheme, household.persons, household.children, flat.funding_path)
    step_free = flat.step_free or flat.wheelchair
    return (
        valid
        and household.income_eur <= limit
        and fits_size(household.persons, flat, scheme)
        and (step_free or not household.needs_step_free)
        and (flat.wheelchair or not household.needs_wheelchair)
    )


@dataclass(frozen=True)
class EligibilityIndex:
    """Precomputed per-household and per-flat arrays for vectorised eligibility checks.

    Household arrays have shape (H,) in the order of the given households, flat arrays (F,);
    ``income_ok`` is (H, P) over the scheme's funding paths; ``*_rank`` are exact joint ranks.
    """

    valid: BoolArray
    income_ok: BoolArray
    size_rank: IntArray
    needs_step_free: BoolArray
    needs_wheelchair: BoolArray
    cap_rank: IntArray
    path: IntArray
    area_rank: IntArray
    step_free: BoolArray
    wheelchair: BoolArray
    rent_rank: IntArray
    min_rooms_rank: IntArray
    rooms_rank: IntArray
    min_area_rank: IntArray
    area_low_rank: IntArray


def _joint_ranks(first: Sequence[Decimal], second: Sequence[Decimal]) -> tuple[IntArray, IntArray]:
    scale = {value: rank for rank, value in enumerate(sorted(set(first) | set(second)))}
    return (
        np.array([scale[v] for v in first], dtype=np.int64),
        np.array([scale[v] for v in second], dtype=np.int64),
    )


def _income_ok(households: Sequence[Household], scheme: Scheme, paths: list[str]) -> BoolArray:
    limits: dict[tuple[int, int], list[Decimal]] = {}
    ok = np.zeros((len(households), len(paths)), dtype=np.bool_)
    for i, h in enumerate(households):
        row = limits.get((h.persons, h.children))
        if row is None:
            row = [income_limit(scheme, h.persons, h.children, p) for p in paths]
            limits[(h.persons, h.children)] = row
        ok[i] = [h.income_eur <= limit for limit in row]
    return ok


def build_index(
    households: Sequence[Household], flats: Sequence[Flat], scheme: Scheme
) -> EligibilityIndex:
    """Build the :class:`EligibilityIndex` of ``households`` × ``flats`` under ``scheme``.

    Raises ``ValueError`` for a flat whose funding path the scheme does not know.
    """
    paths = sorted(scheme.income_limits.paths)
    path_no = {p: i for i, p in enumerate(paths)}
    unknown = sorted({f.funding_path for f in flats} - set(path_no))
    if unknown:
        raise ValueError(f"funding paths {unknown} are not in the scheme's income_limits.paths")
    sizes = [size_limit_m2(scheme, h.persons) for h in households]
    size_rank, area_rank = _joint_ranks(sizes, [f.area_m2 for f in flats])
    capped = [h.rent_cap_eur for h in households if h.rent_cap_eur is not None]
    cap_ranks, rent_rank = _joint_ranks(capped, [f.rent_gross_eur for f in flats])
    cap_rank = np.full(len(households), NO_CAP, dtype=np.int64)
    cap_rank[[h.rent_cap_eur is not None for h in households]] = cap_ranks
    ref = scheme.reference_date
    min_rooms_rank, rooms_rank = _lower_bound_ranks(
        [min_rooms(scheme, h.persons) for h in households], [f.rooms for f in flats]
    )
    min_area_rank, area_low_rank = _lower_bound_ranks(
        [min_area_m2(scheme, h.persons) for h in households], [f.area_m2 for f in flats]
    )
    return EligibilityIndex(
        valid=np.array(
            [
                h.entitlement_valid_until is not None and h.entitlement_valid_until >= ref
                for h in households
            ],
            dtype=np.bool_,
        ).reshape(-1),
        income_ok=_income_ok(households, scheme, paths),
        size_rank=size_rank,
        needs_step_free=np.array([h.needs_step_free for h in households], dtype=np.bool_),
        needs_wheelchair=np.array([h.needs_wheelchair for h in households], dtype=np.bool_),
        cap_rank=cap_rank,
        path=np.array([path_no[f.funding_path] for f in flats], dtype=np.int64),
        area_rank=area_rank,
        step_free=np.array([f.step_free or f.wheelchair for f in flats], dtype=np.bool_),
        wheelchair=np.array([f.wheelchair for f in flats], dtype=np.bool_),
        rent_rank=rent_rank,
        min_rooms_rank=min_rooms_rank,
        rooms_rank=rooms_rank,
        min_area_rank=min_area_rank,
        area_low_rank=area_low_rank,
    )


def _lower_bound_ranks(
    bounds: Sequence[Decimal | None], values: Sequence[Decimal]
) -> tuple[IntArray, IntArray]:
    """Joint ranks of per-household lower bounds and per-flat values (``value >= bound`` iff
    ``rank(value) >= rank(bound)``); no bound (rule not in the scheme) is rank −1."""
    given = [b for b in bounds if b is not None]
    if not given:
        return np.full(len(bounds), -1, dtype=np.int64), np.zeros(len(values), dtype=np.int64)
    bound_ranks, value_ranks = _joint_ranks(given, values)
    ranks = np.full(len(bounds), -1, dtype=np.int64)
    ranks[[b is not None for b in bounds]] = bound_ranks
    return ranks, value_ranks


def _fits(ix: EligibilityIndex, households: IntArray | int, flats: IntArray | int) -> BoolArray:
    """Occupancy rules (part of rule 3) for households × flats broadcast as numpy does."""
    ok: BoolArray = (ix.rooms_rank[flats] >= ix.min_rooms_rank[households]) & (
        ix.area_low_rank[flats] >= ix.min_area_rank[households]
    )
    return ok


def eligible_households(ix: EligibilityIndex, flat: int, candidates: IntArray) -> BoolArray:
    """All five rules for flat index ``flat`` and household indices ``candidates`` (shape (k,))."""
    ok: BoolArray = ix.valid[candidates] & ix.income_ok[candidates, ix.path[flat]]
    ok &= ix.size_rank[candidates] >= ix.area_rank[flat]
    ok &= _fits(ix, candidates, flat)
    ok &= ix.cap_rank[candidates] >= ix.rent_rank[flat]
    if not ix.step_free[flat]:
        ok &= ~ix.needs_step_free[candidates]
    if not ix.wheelchair[flat]:
        ok &= ~ix.needs_wheelchair[candidates]
    return ok


def base_flats(ix: EligibilityIndex, household: int) -> BoolArray:
    """Rules 1–4 for household index ``household`` against every flat; shape (F,)."""
    if not ix.valid[household]:
        return np.zeros(ix.path.shape[0], dtype=np.bool_)
    ok: BoolArray = ix.income_ok[household][ix.path] & (ix.area_rank <= ix.size_rank[household])
    if ix.min_rooms_rank[household] >= 0:  # occupancy rules (no fancy indexing: hot path)
        ok &= ix.rooms_rank >= ix.min_rooms_rank[household]
    if ix.min_area_rank[household] >= 0:
        ok &= ix.area_low_rank >= ix.min_area_rank[household]
    if ix.needs_step_free[household]:
        ok &= ix.step_free
    if ix.needs_wheelchair[household]:
        ok &= ix.wheelchair
    return ok


def eligible_flats(ix: EligibilityIndex, household: int) -> BoolArray:
    """All five rules for household index ``household`` against every flat; shape (F,)."""
    ok: BoolArray = base_flats(ix, household) & (ix.rent_rank <= ix.cap_rank[household])
    return ok


def eligible_pairs(ix: EligibilityIndex, households: IntArray, flats: IntArray) -> BoolArray:
    """All five rules for pairs ``(households[k], flats[k])``; both shape (k,)."""
    ok: BoolArray = ix.valid[households] & ix.income_ok[households, ix.path[flats]]
    ok &= ix.size_rank[households] >= ix.area_rank[flats]
    ok &= _fits(ix, households, flats)
    ok &= ix.cap_rank[households] >= ix.rent_rank[flats]
    ok &= ix.step_free[flats] | ~ix.needs_step_free[households]
    ok &= ix.wheelchair[flats] | ~ix.needs_wheelchair[households]
    return ok
