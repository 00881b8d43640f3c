"""Urgency points and the priority key (the alliance's priority list, ``Prioritätenliste``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from wohnbuendnis.analytics.allocation.model import Household, Scheme


def points(household: Household, scheme: Scheme) -> int:
    """Urgency points of one household: min(max_points, Σ points of its criteria).

    Criteria the scheme does not list count 0 (a retired criterion gives no points).
    """
    total: int = sum(scheme.criteria.get(name, 0) for name in household.criteria)
    return min(int(scheme.max_points), total)


def points_array(households: Sequence[Household], scheme: Scheme) -> npt.NDArray[np.int64]:
    """:func:`points` for every household; shape (H,)."""
    return np.array([points(h, scheme) for h in households], dtype=np.int64)


def draw_lottery(household_id: str, seed: int) -> float:
    """Lottery number in [0, 1) for a household without one, drawn from ``seed``.

    A hash of (seed, household_id) rather than a stream of random numbers, so that the draw does
    not depend on the order of the input rows (BLAKE2b, top 53 bits as a double).
    """
    digest = hashlib.blake2b(f"{seed}\x1f{household_id}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 11) / float(1 << 53)


def lottery_array(households: Sequence[Household], seed: int) -> npt.NDArray[np.float64]:
    """Given lottery numbers, with :func:`draw_lottery` for the empty ones; shape (H,).

    Raises ``ValueError`` when two given numbers are equal (the spec calls that invalid input).
    """
    given = [h.lottery for h in households if h.lottery is not None]
    if len(set(given)) != len(given):
        raise ValueError("two households have the same lottery number")
    return np.array(
        [
            draw_lottery(h.household_id, seed) if h.lottery is None else h.lottery
            for h in households
        ],
        dtype=np.float64,
    )


def priority_order(
    households: Sequence[Household], scheme: Scheme, seed: int
) -> npt.NDArray[np.int64]:
    """Indices of ``households`` from most to least urgent; shape (H,).

    Orders by the scheme's ``tie_break`` tokens (e.g. points desc, registration date asc,
    lottery asc), then by lottery and ``household_id`` so that the key is always strict and
    independent of input order.
    """
    ids = np.array([h.household_id for h in households], dtype=np.str_)
    lottery = lottery_array(households, seed)
    days = np.array([h.registered_on.toordinal() for h in households], dtype=np.int64)
    columns = {
        "points": points_array(households, scheme),
        "registered_on": days,
        "lottery": lottery,
    }
    keys: list[npt.NDArray[np.generic]] = []
    for token in scheme.tie_break:
        name, way = token.rsplit("_", 1)
        keys.append(-columns[name] if way == "desc" else columns[name])
    keys += [lottery, np.argsort(np.argsort(ids, kind="stable"), kind="stable")]
    # np.lexsort sorts by the last key first.
    return np.lexsort(tuple(reversed(keys))).astype(np.int64)
