"""Benchmark of the allocation engine: 60,000 applicants × 10,000 flats (issue 6).

Targets: shortlist ≤ 10 s, optimal ≤ 60 s, deferred acceptance with 10 ranked flats per
applicant ≤ 30 s. Synthetic data (seeded); times include building the eligibility index and the
key, not file reading. Run: ``.venv/bin/python benchmarks/allocation.py``.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

from wohnbuendnis.analytics.allocation import (
    Flat,
    Household,
    Preference,
    allocate,
    size_limit_m2,
)
from wohnbuendnis.analytics.io.allocation_scheme import read_scheme

EXAMPLE = Path(__file__).resolve().parents[1] / "src/wohnbuendnis/analytics/allocation"
TARGETS = {"shortlist": 10.0, "optimal": 60.0, "deferred-acceptance": 30.0}


def make_households(rng: np.random.Generator, n: int, criteria: list[str]) -> list[Household]:
    persons = rng.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.42, 0.25, 0.14, 0.11, 0.05, 0.03])
    children = np.minimum(persons - 1, rng.integers(0, 4, size=n))
    income = rng.gamma(4.0, 6000.0, size=n).round(2)
    valid = rng.random(n) < 0.85
    capped = rng.random(n) < 0.4
    cap = (380 + 110 * persons + rng.normal(0, 60, size=n)).round(0)
    chance = np.linspace(0.02, 0.25, len(criteria))
    flags = rng.random((n, len(criteria))) < chance
    rows = []
    for i in range(n):
        rows.append(
            Household(
                household_id=f"H{i:06d}",
                registered_on=date(2015, 1, 1) + timedelta(days=int(rng.integers(0, 3900))),
                persons=int(persons[i]),
                children=int(children[i]),
                income_eur=Decimal(str(income[i])),
                entitlement_valid_until=date(2026, 6, 30) if valid[i] else date(2025, 6, 30),
                rent_cap_eur=Decimal(int(cap[i])) if capped[i] else None,
                needs_step_free=bool(rng.random() < 0.08),
                needs_wheelchair=bool(rng.random() < 0.02),
                criteria=frozenset(c for c, f in zip(criteria, flags[i], strict=True) if f),
            )
        )
    return rows


def make_flats(rng: np.random.Generator, n: int) -> list[Flat]:
    rooms = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.15, 0.35, 0.3, 0.15, 0.05])
    area = (18 + 17 * rooms + rng.normal(0, 6, size=n)).round(1)
    rent = (area * rng.uniform(7.0, 11.0, size=n) + 120).round(2)
    wheelchair = rng.random(n) < 0.05
    step_free = wheelchair | (rng.random(n) < 0.3)
    return [
        Flat(
            flat_id=f"W{j:05d}",
            landlord_id=f"L{j % 8}",
            rooms=Decimal(int(rooms[j])),
            area_m2=Decimal(str(area[j])),
            rent_gross_eur=Decimal(str(rent[j])),
            step_free=bool(step_free[j]),
            wheelchair=bool(wheelchair[j]),
            funding_path="1" if rng.random() < 0.7 else "2",
            available_from=date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 365))),
        )
        for j in range(n)
    ]


def make_preferences(
    rng: np.random.Generator, households: list[Household], flats: list[Flat], scheme: object
) -> list[Preference]:
    """10 ranked flats per applicant, drawn among flats not larger than their size limit."""
    areas = np.array([float(f.area_m2) for f in flats])
    pools = {
        p: np.flatnonzero(areas <= float(size_limit_m2(scheme, p)))  # type: ignore[arg-type]
        for p in range(1, 7)
    }
    rows = []
    for h in households:
        pool = pools[h.persons]
        picked = rng.choice(pool, size=min(10, pool.shape[0]), replace=False)
        rows += [Preference(h.household_id, flats[j].flat_id, r + 1) for r, j in enumerate(picked)]
    return rows


def main() -> None:
    rng = np.random.default_rng(20260101)
    scheme = read_scheme(EXAMPLE / "example_scheme.toml")
    started = time.perf_counter()
    households = make_households(rng, 60_000, list(scheme.criteria))
    flats = make_flats(rng, 10_000)
    preferences = make_preferences(rng, households, flats, scheme)
    print(f"data: {len(households)} households, {len(flats)} flats, {len(preferences)} preferences")
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    for mechanism, target in TARGETS.items():
        started = time.perf_counter()
        result = allocate(households, flats, scheme, mechanism, preferences=preferences, seed=1)
        seconds = time.perf_counter() - started
        placed = len(result.nominations) or len(result.assignments)
        print(
            f"{mechanism:20s} {seconds:7.2f} s  target {target:5.1f} s  "
            f"ratio {seconds / target:5.2f}  placed {placed}  unplaced rows {len(result.unplaced)}"
        )


if __name__ == "__main__":
    main()
