"""Ex-ante back-tests of Konstanz from many base years: the observed forecast errors behind the
bandwidths (analytics/forecast/uncertainty.py, docs/forecast-assumptions.md section 4).

Unlike the back-test of :func:`~wohnbuendnis.analytics.io.konstanz.konstanz_backtest` (which
takes the observed migration totals of the projected years and so tests the method), each
projection here knows only what was known on its base year, as a real forecast does: the
in- and out-migration totals of the five years up to the base year continue unchanged ("the
last five years continue"), with the age profile of net migration of those years (of the
years since 2009 for the base years 2010–2013, see :data:`CONSISTENT_FROM`); the national fertility
schedule of the base year, scaled to the city's births of the three years up to it; the
2016/18 life table scaled to the city's deaths of those years (the only look-ahead: mortality
moves a city's total by hundredths of a per cent a year).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wohnbuendnis.analytics.forecast import calibration as cal
from wohnbuendnis.analytics.forecast.model import (
    ForecastInputs,
    Rates,
    Scenario,
    YearTable,
)
from wohnbuendnis.analytics.forecast.model import Path as MultiplierPath
from wohnbuendnis.analytics.io import genesis
from wohnbuendnis.analytics.io.konstanz import (
    LAST_YEAR,
    _cell_q,
    read_pyramid,
    read_series,
    rogers_castro,
)

# The pyramids of 1996–1999 and 2001–2008 count main and secondary residents (they sum to the
# "wohnberechtigte" column of meldestatus.csv, 5–7 % more than the main-residence population);
# from 2009 on they count main residents only. Back-tests start where the series is consistent.
CONSISTENT_FROM, FIRST_BASE, MAX_HORIZON, TREND_YEARS = 2009, 2010, 20, 5


class KonstanzData:
    """The city's pyramids, moves and natural change, the life table and the national
    fertility schedules, read once for all base years."""

    def __init__(self, real: Path) -> None:
        city = real / "konstanz-in-zahlen" / "bevoelkerung"
        first = CONSISTENT_FROM
        self.pyramids = {
            y: read_pyramid(city / "pyramiden" / f"pyramide_{y}.csv")
            for y in range(first, LAST_YEAR + 1)
        }
        self.moves = read_series(city / "zu_und_wegzug.csv", ("zuzug", "wegzug"))
        self.natural = read_series(
            city / "natuerliche_entwicklung.csv", ("geburten", "sterbefaelle")
        )
        self.q = _cell_q(real, "2016-2018")
        years, fert = genesis.read_fertility_12612_0008(
            next((real / "destatis-geburtenziffern").glob("12612-0008*.csv"))
        )
        self.asfr = {}
        for year, row in zip(years, fert, strict=True):
            cells = np.zeros(101)
            cells[14:49] = row
            self.asfr[int(year)] = cells

    def inputs(self, base: int) -> ForecastInputs:
        """Inputs of the ex-ante projection from 31.12. of ``base``; observed up to 2025 (at
        most 20 years ahead) in ``observed``."""
        trend = range(base - TREND_YEARS + 1, base + 1)
        pyr, q = self.pyramids, self.q
        profile = range(max(base - TREND_YEARS + 1, CONSISTENT_FROM + 1), base + 1)
        net = np.mean([cal.cohort_net_migration(pyr[y - 1], pyr[y], q) for y in profile], axis=0)
        zuzug = float(np.mean([self.moves[y][0] for y in trend]))
        wegzug = float(np.mean([self.moves[y][1] for y in trend]))
        p_in = np.repeat(rogers_castro(np.arange(101.0))[None] / 2.0, 2, axis=0)
        p_out = np.maximum(0.0, zuzug * p_in - net)
        p_out /= p_out.sum()
        population = pyr[base]
        out = wegzug * p_out
        emigration = np.minimum(
            np.divide(out, population, out=np.zeros_like(out), where=population > 0), 0.5
        )
        recent = range(max(base - 2, CONSISTENT_FROM + 1), base + 1)
        asfr = self.asfr[min(base, max(self.asfr))]
        births = sum(float(self.natural[y][0]) for y in recent)
        deaths = sum(float(self.natural[y][1]) for y in recent)
        expected_births = sum(float((asfr * pyr[y - 1][0]).sum()) for y in recent)
        expected_deaths = sum(float((q * pyr[y - 1]).sum()) for y in recent)
        last = min(LAST_YEAR, base + MAX_HORIZON)
        rates = Rates(
            mortality=YearTable((0,), np.minimum(q * deaths / expected_deaths, 1.0)[None]),
            fertility=YearTable((0,), (asfr * births / expected_births)[None, None]),
            immigrants=YearTable((0,), (zuzug * p_in)[None, None]),
            emigration_rate=YearTable((0,), emigration[None, None]),
        )
        return ForecastInputs(
            method="municipal",
            base_year=base,
            horizon=last,
            step=1,
            areas=("08335043",),
            ages=np.arange(101, dtype=np.int64),
            population=population[None],
            rates=rates,
            scenarios={"trend": Scenario("trend", {})},
            sex_ratio_at_birth=MultiplierPath.constant(1.05),
            observed={y: pyr[y][None] for y in range(base + 1, last + 1)},
        )


def base_years() -> range:
    """The base years of the ex-ante back-tests (2010…2024)."""
    return range(FIRST_BASE, LAST_YEAR)


def observed_totals(data: KonstanzData) -> dict[int, float]:
    """The city's population on 31.12. of each year read."""
    return {y: float(p.sum()) for y, p in data.pyramids.items()}
