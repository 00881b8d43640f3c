"""Konstanz in Zahlen (github.com/sgc-kn/konstanz-in-zahlen): city tables → forecast inputs.

Readers for the single-year pyramids and the yearly series, and the inputs of the Konstanz
back-test (base 31.12.2015, observed 2016–2025) with Destatis rates and the city's migration
totals; every derived assumption is listed in docs/forecast-assumptions.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl

from wohnbuendnis.analytics.forecast import calibration as cal
from wohnbuendnis.analytics.forecast.model import (
    FloatArray,
    ForecastInputs,
    Rates,
    Scenario,
    YearTable,
)
from wohnbuendnis.analytics.forecast.model import (
    Path as MultiplierPath,
)
from wohnbuendnis.analytics.io import genesis, tables
from wohnbuendnis.analytics.io.errors import InputError

PYRAMID_COLUMNS = (
    "maenner_nichtdeutsch",
    "frauen_nichtdeutsch",
    "maenner_deutsch",
    "frauen_deutsch",
)
BASE_YEAR, LAST_YEAR = 2015, 2025
PROFILE_YEARS = (2010, 2015)  # cohort accounting of net migration before the base year


def read_pyramid(path: Path) -> FloatArray:
    """``pyramide_YYYY.csv`` → persons ``[sex, age 0…100+]`` (German + non-German; empty = 0)."""
    frame = tables.read_table(path, ["alter", *PYRAMID_COLUMNS])
    labels = frame["alter"].str.strip_chars().to_list()
    ages = []
    for row, label in enumerate(labels):
        found = re.match(r"^(\d+)", label or "")
        if not found:
            raise InputError(path.name, "an age like '7_bis_unter_8'", line=row + 2, column="alter")
        ages.append(min(int(found.group(1)), 100))
    counts = {}
    for column in PYRAMID_COLUMNS:
        filled = frame.with_columns(pl.col(column).fill_null("0"))
        counts[column] = tables.float_column(filled, column, path.name, 0.0)
    result = np.zeros((2, 101))
    index = np.asarray(ages)
    np.add.at(result[0], index, counts["frauen_nichtdeutsch"] + counts["frauen_deutsch"])
    np.add.at(result[1], index, counts["maenner_nichtdeutsch"] + counts["maenner_deutsch"])
    return result


def read_series(path: Path, columns: tuple[str, ...]) -> dict[int, FloatArray]:
    """A yearly table ``jahr, <columns>`` → ``{year: values [columns]}``."""
    frame = tables.read_table(path, ["jahr", *columns])
    years = tables.int_column(frame, "jahr", path.name, 1800, 2300, "a year")
    values = np.stack([tables.float_column(frame, c, path.name, 0.0) for c in columns], axis=1)
    return {int(y): v for y, v in zip(years, values, strict=True)}


def rogers_castro(ages: FloatArray) -> FloatArray:
    """Rogers & Castro (1981) model migration schedule with their standard parameters
    (a1 = 0.02, α1 = 0.1, a2 = 0.06, α2 = 0.1, μ2 = 20, λ2 = 0.4, c = 0.003), normalised."""
    x = ages - 20.0
    schedule = 0.02 * np.exp(-0.1 * ages) + 0.06 * np.exp(-0.1 * x - np.exp(-0.4 * x)) + 0.003
    profile: FloatArray = schedule / schedule.sum()
    return profile


def _cell_q(real: Path, period: str) -> FloatArray:
    table = genesis.read_life_table_12621_0001(
        real / "destatis-sterbetafeln" / f"12621-0001_sterbetafel_{period}.csv"
    )
    a0 = cal.infant_a0(table["lx"], table["Lx"])
    return cal.cell_qx(cal.life_table(table["qx"], a0, table["ex"][:, cal.OPEN])["Lx"])


def migration_profiles(
    pyramids: dict[int, FloatArray], q: FloatArray, moves: dict[int, FloatArray]
) -> tuple[FloatArray, FloatArray]:
    """In- and out-migration profiles ``[sex, 101]`` (each sums to 1).

    In: the Rogers–Castro standard schedule, half per sex. Out: what the in-flows minus the
    cohort-accounted net migration of 2011–2015 leave, p_out ∝ max(0, Z̄ · p_in − net̄), with
    Z̄ the mean in-migration total of those years.
    """
    first, last = PROFILE_YEARS
    nets = [
        cal.cohort_net_migration(pyramids[y - 1], pyramids[y], q)
        for y in range(first + 1, last + 1)
    ]
    net = np.mean(nets, axis=0)
    p_in = np.repeat(rogers_castro(np.arange(101.0))[None] / 2.0, 2, axis=0)
    zuzug = np.mean([moves[y][0] for y in range(first + 1, last + 1)])
    p_out = np.maximum(0.0, zuzug * p_in - net)
    return p_in, p_out / p_out.sum()


def local_factors(
    pyramids: dict[int, FloatArray], q: FloatArray, asfr: FloatArray, natural: dict[int, FloatArray]
) -> tuple[float, float]:
    """Scale factors of the national rates to the city's births and deaths of 2013–2015.

    ``asfr`` the national schedule by cell ``[101]``, ``natural`` ``{year: [births, deaths]}``.
    Expected births Σ asfr · women and deaths Σ q · persons on 31.12. of the previous year;
    returns (observed / expected births, observed / expected deaths). Uses only data up to the
    base year, as a back-test must.
    """
    years = range(BASE_YEAR - 2, BASE_YEAR + 1)
    births = sum(float(natural[y][0]) for y in years)
    deaths = sum(float(natural[y][1]) for y in years)
    expected_births = sum(float((asfr * pyramids[y - 1][0]).sum()) for y in years)
    expected_deaths = sum(float((q * pyramids[y - 1]).sum()) for y in years)
    return births / expected_births, deaths / expected_deaths


def konstanz_backtest(real: Path) -> ForecastInputs:
    """Inputs of the Konstanz back-test: base 2015, observed 2016–2025 in ``observed``.

    Mortality: Destatis life table 2016/18, constant, scaled to the city's deaths 2013–2015.
    Fertility: the national schedule of each year (12612-0008; 2024 carries forward), scaled to
    the city's births 2013–2015 (:func:`local_factors`). Migration: the city's in/out totals of
    each year with the profiles of :func:`migration_profiles`; emigration rates relative to the
    2015 population of each cell (capped at 0.5).
    """
    city = real / "konstanz-in-zahlen" / "bevoelkerung"
    pyramids = {
        y: read_pyramid(city / "pyramiden" / f"pyramide_{y}.csv")
        for y in range(PROFILE_YEARS[0], LAST_YEAR + 1)
    }
    moves = read_series(city / "zu_und_wegzug.csv", ("zuzug", "wegzug"))
    q = _cell_q(real, "2016-2018")
    p_in, p_out = migration_profiles(pyramids, q, moves)
    years = list(range(BASE_YEAR + 1, LAST_YEAR + 1))
    base = pyramids[BASE_YEAR]
    immigrants = np.stack([moves[y][0] * p_in for y in years])
    out = np.stack([moves[y][1] * p_out for y in years])
    emigration = np.minimum(np.divide(out, base, out=np.zeros_like(out), where=base > 0), 0.5)
    fert_years, fert = genesis.read_fertility_12612_0008(
        next((real / "destatis-geburtenziffern").glob("12612-0008*.csv"))
    )
    use = [y for y in fert_years if BASE_YEAR - 2 <= y <= LAST_YEAR]
    cells = np.zeros((len(use), 1, 101))
    cells[:, 0, 14:49] = np.stack([fert[fert_years.index(y)] for y in use])
    natural = read_series(city / "natuerliche_entwicklung.csv", ("geburten", "sterbefaelle"))
    f_births, f_deaths = local_factors(pyramids, q, cells[use.index(BASE_YEAR), 0], natural)
    later = [k for k, y in enumerate(use) if y > BASE_YEAR]
    rates = Rates(
        mortality=YearTable((0,), np.minimum(q * f_deaths, 1.0)[None]),
        fertility=YearTable(tuple(use[k] for k in later), cells[later] * f_births),
        immigrants=YearTable(tuple(years), immigrants[:, None]),
        emigration_rate=YearTable(tuple(years), emigration[:, None]),
    )
    return ForecastInputs(
        method="municipal",
        base_year=BASE_YEAR,
        horizon=LAST_YEAR,
        step=1,
        areas=("08335043",),
        ages=np.arange(101, dtype=np.int64),
        population=base[None],
        rates=rates,
        scenarios={"trend": Scenario("trend", {})},
        sex_ratio_at_birth=MultiplierPath.constant(1.05),
        observed={y: pyramids[y][None] for y in years},
    )
