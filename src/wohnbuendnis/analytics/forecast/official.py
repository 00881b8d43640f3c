"""The alliance's own forecast beside an official projection (guide 2.5.1: "Auch amtliche
Prognosen stützen sich auf Annahmen"): per common year both totals and their difference."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wohnbuendnis.analytics.forecast.model import FloatArray, IntArray


@dataclass(frozen=True)
class Comparison:
    """Per common year ``[year]``: the own forecast, the official projection (rescaled when
    ``factor`` ≠ 1), own − official (persons) and in % of the official value."""

    years: IntArray
    own: FloatArray
    official: FloatArray
    difference: FloatArray
    percent: FloatArray
    factor: float


def compare(
    own_years: IntArray,
    own: FloatArray,
    official_years: IntArray,
    official: FloatArray,
    *,
    as_index: bool = False,
) -> Comparison:
    """Both series on their common years (ascending). ``as_index``: the official projection
    covers a larger area (the Land, Germany), so its values are scaled by one factor to the own
    forecast in the first common year: the comparison is of the development, not the level.
    No common year gives empty arrays."""
    own_at = dict(zip(np.asarray(own_years).tolist(), np.asarray(own, dtype=float), strict=True))
    off_at = dict(
        zip(np.asarray(official_years).tolist(), np.asarray(official, dtype=float), strict=True)
    )
    years = np.array(sorted(set(own_at) & set(off_at)), dtype=np.int64)
    mine = np.array([own_at[y] for y in years.tolist()], dtype=float)
    theirs = np.array([off_at[y] for y in years.tolist()], dtype=float)
    factor = 1.0
    if as_index and len(years) and theirs[0] > 0:
        factor = float(mine[0] / theirs[0])
    theirs = theirs * factor
    difference = mine - theirs
    percent = np.divide(
        100.0 * difference, theirs, out=np.full_like(difference, np.nan), where=theirs > 0
    )
    return Comparison(years, mine, theirs, difference, percent, factor)
