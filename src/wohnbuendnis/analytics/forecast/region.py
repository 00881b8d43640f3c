"""The region-wide forecast (issue 15, item 4): one run for all municipalities of a Kreis or a
Land, from the few figures the official statistics give per municipality.

Per municipality the monitoring has the population (total, sometimes broad age groups and
sexes), households, dwellings, migration and planned completions or building permits; the
engine needs single ages by sex and rates. This module:

* splits age groups into single ages 0…100+ (:func:`split_ages`): the persons of a group are
  spread over its single ages in proportion to a standard shape (the stationary population of
  the standard life table, :func:`standard_structure`), or evenly (``uniform``); the sum of
  every group and the total stay exactly as given; where the women are known, the cells are
  raked (iterative proportional fitting) so that the women's total holds, too;
* writes an ordinary input folder of the engine (forecast.md) for the municipalities as areas
  (:func:`write_region_folder`): standard German-like rates, each municipality's migration
  level and household level from its own figures, its dwelling stock and planned completions;
  the municipalities are independent areas (no internal moves), so the Dask path can cut them
  into blocks;
* sums the demand per municipality and period (:func:`demand_table`): whole dwellings per
  municipality, the region's row the sum of those rows, so the table adds up exactly.

Pure: numpy and polars, no Django. docs/forecast-assumptions.md, section "Regionsweite
Prognose", describes the method.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from wohnbuendnis.analytics.forecast.model import FloatArray
from wohnbuendnis.analytics.forecast.result import ForecastResult

AGES = np.arange(101)
N_AGES = len(AGES)
SEX_RATIO_AT_BIRTH = 1.05  # boys per girl
#: Fluctuation reserve, demolition rate and catch-up years of the component model (forecast.md
#: defaults); vacant usable dwellings are not known per municipality (0).
FLUCTUATION_RESERVE, DEMOLITION_RATE, BACKLOG_YEARS = 0.02, 0.002, 5
#: Building permits of year y are counted as completions of year y + PERMIT_LAG where a
#: municipality reports no planned completions.
PERMIT_LAG = 2
PERIOD = 5  # years per period of the demand table

# Headship rates by sex and age band (households per person; children none), the pattern of the
# Mikrozensus' living arrangements, scaled per municipality to its households.
HEADSHIP_BANDS = ((18, 24), (25, 34), (35, 49), (50, 64), (65, 79), (80, 100))
HEADSHIP = {
    0: (0.5, 0.68, 0.55, 0.62, 0.68, 0.82),  # women
    1: (0.46, 0.66, 0.55, 0.6, 0.6, 0.66),  # men
}
# Household sizes 1, 2, 3, 4, 5+ by the age of the head.
SIZE_BANDS = ((18, 29), (30, 44), (45, 64), (65, 100))
SIZE_SHARES = (
    (0.62, 0.28, 0.07, 0.02, 0.01),
    (0.35, 0.25, 0.17, 0.16, 0.07),
    (0.33, 0.37, 0.15, 0.11, 0.04),
    (0.5, 0.45, 0.03, 0.015, 0.005),
)


@dataclass(frozen=True)
class AgeGroup:
    """Persons aged ``low``…``high`` (inclusive, 100 = 100 and older); ``sex`` 0 = women,
    1 = men, None = both."""

    low: int
    high: int
    count: float
    sex: int | None = None


def _rogers_castro(a: FloatArray, mu: float, alpha: float, lam: float) -> FloatArray:
    peak: FloatArray = np.exp(-alpha * (a - mu) - np.exp(-lam * (a - mu)))
    return peak


def standard_rates() -> dict[str, FloatArray]:
    """Standard rates for every municipality: death probabilities ``qx`` ``[sex, age]``
    (Gompertz with an accident hump; life expectancy at birth about 83 for women and 78.5 for
    men, as the Destatis period life table 2022/24), fertility by the mother's age ``asfr``
    (1.4 children per woman, mean age 31), and the age profiles of people moving in
    (``moves_in``, sums to 1) and moving out (``moves_out``, relative rates): young adults
    most, families with small children next."""
    a = AGES.astype(float)
    hump = np.exp(-(((a - 22) / 6) ** 2))
    women = 5.3e-6 * np.exp(0.1127 * a) + 0.00006 + 0.00008 * hump
    men = 2.1e-5 * np.exp(0.1 * a) + 0.00006 + 0.0003 * hump
    qx = np.clip(np.stack([women, men]), 0.0, 0.5)
    qx[:, 0] = (0.0030, 0.0034)
    qx[:, -1] = 0.5
    asfr = np.where((a >= 15) & (a <= 49), np.exp(-(((a - 31) / 6) ** 2)), 0.0)
    asfr *= 1.4 / asfr.sum()
    moves = 0.02 * np.exp(-0.12 * a) + 0.08 * _rogers_castro(a, 20.0, 0.11, 0.45) + 0.001
    return {"qx": qx, "asfr": asfr, "moves_in": moves / moves.sum(), "moves_out": moves}


def standard_structure(qx: FloatArray | None = None) -> FloatArray:
    """The standard age-sex shape ``[sex, age]`` (sums to 1): the stationary population of
    the standard life table (constant births, 1.05 boys per girl), persons alive at each age
    (the open age group 100+ with its remaining life time)."""
    q = standard_rates()["qx"] if qx is None else qx
    alive = np.cumprod(np.hstack([np.ones((2, 1)), 1 - q[:, :-1]]), axis=1)
    years = alive * (1 - q / 2)
    years[:, -1] = alive[:, -1] / q[:, -1]
    shape = years * np.array([[1.0], [SEX_RATIO_AT_BIRTH]])
    result: FloatArray = shape / shape.sum()
    return result


#: Raking (:func:`split_ages` with the women): at most this many rounds, stopping once the
#: women's total is met to this relative tolerance.
RAKE_ROUNDS, RAKE_TOLERANCE = 500, 1e-12


def split_ages(
    total: float,
    groups: Sequence[AgeGroup] = (),
    shape: FloatArray | None = None,
    *,
    uniform: bool = False,
    women: float | None = None,
) -> FloatArray:
    """Persons by sex and single age ``[2, 101]`` of a municipality with ``total`` inhabitants
    of which ``groups`` (disjoint) are known, ``women`` of them women (None or NaN: not known).

    Each group's persons go to its cells in proportion to ``shape`` (default
    :func:`standard_structure`; ``uniform``: the same number at every age of the group, the
    sexes still by ``shape``); the persons not in any group (``total`` − Σ groups) go to the
    remaining cells by ``shape``. With ``women`` the cells are then raked (:func:`_rake_sexes`):
    the sexes of every group are scaled until the women's total holds as well. Every group and
    the total are kept; raises ValueError for overlapping groups, groups with more persons than
    the total, or women the total and the groups cannot hold.
    """
    weights = standard_structure() if shape is None else np.asarray(shape, dtype=float)
    cells = np.zeros((2, N_AGES))
    covered = np.zeros((2, N_AGES), dtype=bool)
    blocks = []  # the cells [sex, age] of every group, then of the rest
    for group in groups:
        sexes = [0, 1] if group.sex is None else [group.sex]
        span = (sexes, slice(group.low, min(group.high, N_AGES - 1) + 1))
        if covered[span[0], span[1]].any():
            raise ValueError(f"age group {group.low}–{group.high} overlaps another")
        covered[span[0], span[1]] = True
        mask = np.zeros((2, N_AGES), dtype=bool)
        mask[span[0], span[1]] = True
        blocks.append(mask)
        w = weights[span[0], span[1]].copy()
        if uniform:
            w = np.broadcast_to(w.sum(axis=1, keepdims=True) / w.shape[1], w.shape).copy()
        cells[span[0], span[1]] = group.count * w / w.sum() if w.sum() > 0 else 0.0
    rest = total - sum(g.count for g in groups)
    if rest < -1e-6 * max(total, 1.0):
        raise ValueError("the age groups hold more persons than the total")
    free = ~covered
    if free.any():
        w = np.where(free, weights, 0.0)
        cells += max(rest, 0.0) * w / w.sum()
        blocks.append(free)
    if women is None or math.isnan(women):
        return cells
    return _rake_sexes(cells, blocks, float(women))


def _rake_sexes(cells: FloatArray, blocks: Sequence[np.ndarray], women: float) -> FloatArray:
    """``cells`` ``[sex, age]`` scaled so that the women sum to ``women`` while every block
    (a group's cells, or the rest's; they cover the cells once) keeps its persons: iterative
    proportional fitting of the table block × sex between its two margins, the blocks' persons
    and the sexes' totals. Within a block and sex the single ages keep their proportions (a
    block and a sex are only ever scaled as a whole), so the fitting works on that small table
    and scales the cells once at the end."""
    total = float(cells.sum())
    if not -1e-6 * max(total, 1.0) <= women <= total * (1 + 1e-6):
        raise ValueError(f"{women:g} women do not fit a total of {total:g} persons")
    women = min(max(women, 0.0), total)
    sexes = np.array([women, total - women])
    masks = np.stack(blocks)  # [block, sex, age]
    start = (masks * cells[None]).sum(axis=2)  # [block, sex]
    table = start.copy()
    counts = table.sum(axis=1)
    for _round in range(RAKE_ROUNDS):
        have = table.sum(axis=0)
        table *= np.divide(sexes, have, out=np.zeros(2), where=have > 0)[None, :]
        have = table.sum(axis=1)
        table *= np.divide(counts, have, out=np.zeros(len(counts)), where=have > 0)[:, None]
        if abs(table[:, 0].sum() - women) <= RAKE_TOLERANCE * max(total, 1.0):
            break
    if abs(table[:, 0].sum() - women) > 1e-6 * max(total, 1.0):
        raise ValueError(
            f"{women:g} women and {total - women:g} men do not fit the age groups "
            f"(raked to {table[:, 0].sum():g} women)"
        )
    factor = np.divide(table, start, out=np.zeros_like(table), where=start > 0)
    scale = (masks * factor[:, :, None]).sum(axis=0)  # every cell lies in exactly one block
    result: FloatArray = cells * scale
    return result


class InconsistentShares(ValueError):
    """The share of persons aged ``older`` and more (``older_share`` per cent) is larger than
    the share aged ``younger`` and more (``younger_share``): no group between them can hold a
    negative number of persons."""

    def __init__(self, younger: int, younger_share: float, older: int, older_share: float):
        super().__init__(
            f"the share of {older}+ ({older_share:g} %) is larger than the share of "
            f"{younger}+ ({younger_share:g} %)"
        )
        self.younger, self.younger_share = younger, younger_share
        self.older, self.older_share = older, older_share


def groups_from_shares(
    total: float, under_18: float = math.nan, from_age: Mapping[int, float] | None = None
) -> list[AgeGroup]:
    """The broad age groups a municipality's shares (per cent of the population, NaN where not
    reported) give: 0–17 from ``under_18``, and from ``from_age`` (age → share of the persons
    aged that and more, e.g. ``{65: 22.0, 75: 10.5, 80: 7.0}``) one group from each reported
    age to the next reported one, the last open (65–74, 75–79, 80–100; with 65+ and 75+ only
    65–74 and 75–100; 75+ alone 75–100); the rest (18 to the first reported age) is not a group.
    Raises :class:`InconsistentShares` where an older age's share is larger than a younger
    one's, ValueError for a negative share."""
    groups = []
    if not math.isnan(under_18):
        if under_18 < 0:
            raise ValueError(f"negative share under 18 ({under_18:g} %)")
        groups.append(AgeGroup(0, 17, total * under_18 / 100))
    reported = sorted((age, share) for age, share in (from_age or {}).items()
                      if not math.isnan(share))  # fmt: skip
    above = [*reported[1:], (N_AGES, 0.0)]  # each age's next older reported age
    for (age, share), (older, older_share) in zip(reported, above, strict=False):
        if share < 0:
            raise ValueError(f"negative share of {age}+ ({share:g} %)")
        if older_share > share:
            raise InconsistentShares(age, share, older, older_share)
        groups.append(AgeGroup(age, older - 1, total * (share - older_share) / 100))
    return groups


@dataclass(frozen=True)
class Municipalities:
    """What the monitoring knows of each municipality in the base year (arrays ``[area]``,
    NaN where not reported; ``women`` the female inhabitants; ``completions`` ``[area,
    projected year]``, planned completions, 0 where none are known)."""

    keys: tuple[str, ...]
    base_year: int
    groups: tuple[tuple[AgeGroup, ...], ...]
    population: FloatArray
    women: FloatArray
    households: FloatArray
    dwellings: FloatArray
    in_migration: FloatArray
    out_migration: FloatArray
    completions: FloatArray


def planned_completions(
    base_year: int, horizon: int, planned: dict[int, float], permits: dict[int, float]
) -> FloatArray:
    """Planned completions per projected year of one municipality: the planned completions it
    reports, or (reporting none) its building permits of year y as completions of year
    y + :data:`PERMIT_LAG`."""
    years = np.arange(base_year + 1, horizon + 1)
    values = np.zeros(len(years))
    source = planned or {y + PERMIT_LAG: v for y, v in permits.items()}
    for year, value in source.items():
        if years[0] <= year <= years[-1]:
            values[year - years[0]] += value
    return values


def base_population(m: Municipalities, *, uniform: bool = False) -> FloatArray:
    """``[area, sex, age]`` of every municipality (see :func:`split_ages`; its women where
    known)."""
    shape = standard_structure()
    return np.stack(
        [
            split_ages(float(total), groups, shape, uniform=uniform, women=float(women))
            for total, women, groups in zip(m.population, m.women, m.groups, strict=True)
        ]
    )


def _long(keys: Sequence[str], values: dict[str, FloatArray]) -> pl.DataFrame:
    """``area, sex, age`` + columns of arrays ``[area, sex, age]``."""
    n = len(keys)
    columns: dict[str, object] = {
        # gathered from short series: building millions of numpy strings is slow
        "area": pl.Series(list(keys), dtype=pl.String).gather(np.repeat(np.arange(n), 2 * N_AGES)),
        "sex": pl.Series(["f", "m"]).gather(np.tile(np.repeat([0, 1], N_AGES), n)),
        "age": np.tile(AGES, 2 * n),
    }
    return pl.DataFrame(columns | {k: v.reshape(-1) for k, v in values.items()})


def _migration(m: Municipalities, population: FloatArray, moves_in: FloatArray,
               moves_out: FloatArray) -> dict[str, FloatArray]:  # fmt: skip
    """Immigrants per year ``[area, sex, age]`` (each municipality's in-migration by the
    standard profile, half women) and emigration rates (its out-migration ÷ population by the
    standard profile of rates); 0 where not reported."""
    n = len(m.keys)
    in_level = np.nan_to_num(m.in_migration, nan=0.0)
    immigrants = in_level[:, None, None] * np.broadcast_to(moves_in / 2, (n, 2, N_AGES))
    profile = np.broadcast_to(moves_out, (n, 2, N_AGES))
    exposure = (profile * population).sum(axis=(1, 2))
    out_level = np.nan_to_num(m.out_migration, nan=0.0)
    scale = np.divide(out_level, exposure, out=np.zeros(n), where=exposure > 0)
    rates = np.minimum(scale[:, None, None] * profile, 0.5)
    return {"immigrants": immigrants, "emigration_rate": rates}


def _pattern() -> FloatArray:
    """The standard headship rates ``[sex, age]``."""
    pattern = np.zeros((2, N_AGES))
    for sex, rates in HEADSHIP.items():
        for (low, high), rate in zip(HEADSHIP_BANDS, rates, strict=True):
            pattern[sex, low : high + 1] = rate
    return pattern


def _headship(m: Municipalities, population: FloatArray) -> pl.DataFrame:
    """Headship rates per municipality and band: the standard pattern scaled so that the base
    year's households are the municipality's (standard level where not reported)."""
    standard = (_pattern()[None] * population).sum(axis=(1, 2))
    factor = np.where(np.isnan(m.households), 1.0, m.households / np.maximum(standard, 1e-9))
    factor = np.minimum(factor, 1.0 / max(max(r) for r in HEADSHIP.values()))
    rows = [
        (key, "fm"[sex], low, high, rate * float(factor[a]))
        for a, key in enumerate(m.keys)
        for sex, rates in HEADSHIP.items()
        for (low, high), rate in zip(HEADSHIP_BANDS, rates, strict=True)
    ]
    return pl.DataFrame(
        rows, schema=["area", "sex", "age_from", "age_to", "headship_rate"], orient="row"
    )


def region_frames(
    m: Municipalities, horizon: int, *, uniform: bool = False
) -> dict[str, pl.DataFrame | str]:
    """The files of the engine's input folder (forecast.md) for the municipalities ``m``:
    file name → table (or the text of ``scenario.toml``)."""
    rates = standard_rates()
    population = base_population(m, uniform=uniform)
    frames: dict[str, pl.DataFrame | str] = {
        "scenario.toml": (
            f'method = "municipal"\nbase_year = {m.base_year}\nhorizon = {horizon}\nstep = 1\n'
            f"sex_ratio_at_birth = {SEX_RATIO_AT_BIRTH}\nnewborn_exposure = 0.5\n"
        ),
        "population.csv": _long(m.keys, {"count": population}).with_columns(
            year=pl.lit(m.base_year)
        ),
        "mortality.csv": pl.DataFrame(
            {
                "sex": np.repeat(["f", "m"], N_AGES),
                "age": np.tile(AGES, 2),
                "qx": rates["qx"].reshape(-1),
            }
        ),
        "fertility.csv": pl.DataFrame({"age": np.arange(15, 50), "asfr": rates["asfr"][15:50]}),
        "migration.csv": _long(
            m.keys, _migration(m, population, rates["moves_in"], rates["moves_out"])
        ),
        "households.csv": _headship(m, population),
        "household_sizes.csv": pl.DataFrame(
            {
                "age_from": [b[0] for b in SIZE_BANDS],
                "age_to": [b[1] for b in SIZE_BANDS],
                **{
                    f"size_{name}": [s[i] for s in SIZE_SHARES]
                    for i, name in enumerate(("1", "2", "3", "4", "5plus"))
                },
            }
        ),
    }
    standard_households = _standard_households(m, population)
    stock = np.where(
        np.isnan(m.dwellings),
        np.round(standard_households * (1 + FLUCTUATION_RESERVE)),
        m.dwellings,
    )
    frames["dwellings.csv"] = pl.DataFrame(
        {
            "area": list(m.keys),
            "stock": stock,
            "vacant_usable": np.zeros(len(m.keys)),
            "fluctuation_reserve": np.full(len(m.keys), FLUCTUATION_RESERVE),
            "demolition_rate": np.full(len(m.keys), DEMOLITION_RATE),
            "backlog_years": np.full(len(m.keys), BACKLOG_YEARS),
        }
    )
    area, year = np.nonzero(m.completions)
    frames["completions_plan.csv"] = pl.DataFrame(
        {
            "area": [m.keys[i] for i in area.tolist()],
            "year": (year + m.base_year + 1).astype(np.int64),
            "dwellings": m.completions[area, year],
        },
        schema={"area": pl.String, "year": pl.Int64, "dwellings": pl.Float64},
    )
    return frames


def _standard_households(m: Municipalities, population: FloatArray) -> FloatArray:
    """The households of the base year: the municipality's, else the standard pattern's."""
    standard = (_pattern()[None] * population).sum(axis=(1, 2))
    result: FloatArray = np.where(np.isnan(m.households), standard, m.households)
    return result


def write_region_folder(
    m: Municipalities, folder: str | Path, horizon: int, *, uniform: bool = False
) -> None:
    """Write the input folder of :func:`region_frames` into ``folder`` (which must exist)."""
    root = Path(folder)
    for name, frame in region_frames(m, horizon, uniform=uniform).items():
        if isinstance(frame, str):
            (root / name).write_text(frame, encoding="utf-8")
        else:
            frame.write_csv(root / name)


# --- the demand table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandRow:
    """One municipality (or the region: ``key`` ""): whole persons, households and dwellings.
    ``need``, ``small``, ``completions`` per period of :attr:`DemandTable.periods`."""

    key: str
    population_start: int
    population_end: int
    households_start: int
    households_end: int
    need: tuple[int, ...]
    small: tuple[int, ...]
    completions: tuple[int, ...]

    @property
    def need_total(self) -> int:
        return sum(self.need)

    @property
    def small_total(self) -> int:
        return sum(self.small)

    @property
    def completions_total(self) -> int:
        return sum(self.completions)

    @property
    def gap(self) -> int:
        """Need minus planned completions over all periods (positive: dwellings missing)."""
        return self.need_total - self.completions_total


@dataclass(frozen=True)
class DemandTable:
    periods: tuple[tuple[int, int], ...]
    rows: tuple[DemandRow, ...]
    total: DemandRow

    @property
    def period_rows(self) -> list[tuple[int, int, int, int, int]]:
        """(first year, last year, need, small flats, planned completions) of the region."""
        t = self.total
        return [
            (first, last, t.need[i], t.small[i], t.completions[i])
            for i, (first, last) in enumerate(self.periods)
        ]


def periods_of(base_year: int, horizon: int, length: int = PERIOD) -> list[tuple[int, int]]:
    """The projected years in periods of ``length`` years (the last may be shorter)."""
    first = base_year + 1
    return [(y, min(y + length - 1, horizon)) for y in range(first, horizon + 1, length)]


def _sum_periods(
    values: FloatArray, years: FloatArray, periods: Sequence[tuple[int, int]]
) -> FloatArray:
    """``values`` ``[year, area]`` summed per period → ``[period, area]``."""
    return np.stack([values[(years >= a) & (years <= b)].sum(axis=0) for a, b in periods])


def demand_table(
    keys: Sequence[str],
    years: FloatArray,
    population: FloatArray,
    households: FloatArray,
    need: FloatArray,
    small: FloatArray,
    completions: FloatArray,
    periods: Sequence[tuple[int, int]],
) -> DemandTable:
    """Per municipality: population and households at the start and the end (``[year, area]``,
    base year first), the new-construction need, the need of one-person households (small
    flats) and the planned completions per period (each ``[year, area]``), in whole units;
    the region's row is the sum of the municipalities' rows (exactly)."""
    n_need = np.rint(_sum_periods(need, years, periods)).astype(np.int64)
    n_small = np.minimum(np.rint(_sum_periods(small, years, periods)).astype(np.int64), n_need)
    n_done = np.rint(_sum_periods(completions, years, periods)).astype(np.int64)
    people = np.rint(population[[0, -1]]).astype(np.int64)
    homes = np.rint(households[[0, -1]]).astype(np.int64)
    rows = tuple(
        DemandRow(
            key,
            int(people[0, a]),
            int(people[1, a]),
            int(homes[0, a]),
            int(homes[1, a]),
            tuple(int(v) for v in n_need[:, a]),
            tuple(int(v) for v in n_small[:, a]),
            tuple(int(v) for v in n_done[:, a]),
        )
        for a, key in enumerate(keys)
    )
    total = DemandRow(
        "",
        sum(r.population_start for r in rows),
        sum(r.population_end for r in rows),
        sum(r.households_start for r in rows),
        sum(r.households_end for r in rows),
        tuple(int(v) for v in n_need.sum(axis=1)),
        tuple(int(v) for v in n_small.sum(axis=1)),
        tuple(int(v) for v in n_done.sum(axis=1)),
    )
    return DemandTable(tuple(periods), rows, total)


def demand_of_result(
    result: ForecastResult, completions: FloatArray, scenario: str | None = None,
    period: int = PERIOD,
) -> DemandTable:  # fmt: skip
    """:func:`demand_table` of one scenario of a result (the first without ``scenario``);
    ``completions`` the inputs' planned completions ``[area, projected year]``."""
    run = next(r for r in result.runs if scenario is None or r.name == scenario)
    if run.households is None or run.demand is None or run.size_need is None:
        raise ValueError("the result has no households, demand or household sizes")
    years = result.years
    done = np.zeros_like(run.households)
    done[1:] = completions.T[: len(years) - 1]
    return demand_table(
        result.areas,
        years.astype(float),
        run.population.sum(axis=(2, 3)),
        run.households,
        run.demand.values["new_construction_need"],
        run.size_need[..., 0],
        done,
        periods_of(int(years[0]), int(years[-1]), period),
    )
