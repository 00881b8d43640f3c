"""Musterstadt's forecast: base data for the 20 districts derived from the demo's own
monitoring, three agreed assumption sets (niedrig / mittel / hoch) and a finished, published run.

The base data are an input folder exactly as the ``wohnbuendnis forecast`` command reads it
(forecast.md), zipped and uploaded through the forecast services like a user's upload. One
source of truth: population, households and dwellings per district in 2024 are the
monitoring's, the age structure meets the monitoring's shares under 18, 65+ and 80+; the
population of 2019–2023 (for the back-test) is derived from 2024 by cohorts and scaled to the
monitoring's population of each year; immigration is calibrated so that the mid variant
continues the observed growth of 2019–2024; the bands come from observed forecast errors.
The rates are invented but shaped like a German city's (docs/forecast-assumptions.md section 5):
cohorts with the baby boom, German mortality, young adults moving in, families moving out, and
households that keep getting smaller.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl
from django.core.files.base import ContentFile

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast import archive, services
from wohnbuendnis.forecast.engine import Path as ModelPath
from wohnbuendnis.forecast.engine import Scenario, project, read_inputs, uncertainty
from wohnbuendnis.forecast.models import AssumptionSet, BaseSource, Component
from wohnbuendnis.monitoring.models import Observation

BASE_YEAR, HORIZON, FIRST_OBSERVED = 2024, 2045, 2019
AGES = np.arange(101)

SCENARIO_TOML = f"""\
method = "municipal"
base_year = {BASE_YEAR}
horizon = {HORIZON}
step = 1
sex_ratio_at_birth = 1.05
newborn_exposure = 0.5
"""
# The ratio of the three spreads; their level is calibrated in write_inputs.
DRAWS_MIX = "\n[draws]\nfertility_sd = 0.25\nmortality_sd = 0.25\nimmigration_sd = 1.0\n"

_SOURCES = {
    Component.FERTILITY: "Geburtenstatistik der Stadt 2019–2024 (Demo), Destatis-Varianten G1–G3",
    Component.MORTALITY: "Sterbetafel 2021/23 (Demo), Lebenserwartungsvarianten L1–L3",
    Component.IMMIGRATION: "Wanderungsstatistik der Stadt 2019–2024 (Demo)",
    Component.EMIGRATION: "Wanderungsstatistik der Stadt 2019–2024 (Demo)",
}
# name, title, description, {component: (path, justification)}
SETS = [
    (
        "niedrig",
        "Niedrige Variante",
        "Weniger Zuzug und Geburten, langsamer steigende Lebenserwartung.",
        {
            Component.FERTILITY: ([[2025, 0.97], [2045, 0.9]], "Geburtenrate sinkt auf 1,2."),
            Component.MORTALITY: ([[2025, 1.0], [2045, 0.92]], "Lebenserwartung +1 Jahr."),
            Component.IMMIGRATION: ([[2025, 0.9], [2045, 0.85]], "Zuzug wie 2012–2014."),
            Component.EMIGRATION: ([[2025, 1.0], [2045, 1.05]], "Etwas mehr Abwanderung."),
        },
    ),
    (
        "mittel",
        "Mittlere Variante",
        "Die Entwicklung der letzten fünf Jahre setzt sich fort.",
        {
            Component.FERTILITY: ([[2025, 1.0], [2045, 1.0]], "Geburtenrate bleibt bei 1,35."),
            Component.MORTALITY: ([[2025, 1.0], [2045, 0.85]], "Lebenserwartung +2 Jahre."),
            Component.IMMIGRATION: ([[2025, 1.0], [2045, 0.95]], "Zuzug wie 2019–2024."),
            Component.EMIGRATION: ([[2025, 1.0], [2045, 1.0]], "Abwanderung wie 2019–2024."),
        },
    ),
    (
        "hoch",
        "Hohe Variante",
        "Mehr Zuzug (Hochschule, Arbeitsmarkt) und etwas mehr Geburten.",
        {
            Component.FERTILITY: ([[2025, 1.03], [2045, 1.1]], "Geburtenrate steigt auf 1,5."),
            Component.MORTALITY: ([[2025, 1.0], [2045, 0.78]], "Lebenserwartung +3 Jahre."),
            Component.IMMIGRATION: ([[2025, 1.2], [2045, 1.15]], "Zuzug wie 2015–2017."),
            Component.EMIGRATION: ([[2025, 1.0], [2045, 0.95]], "Etwas weniger Abwanderung."),
        },
    ),
]


# Births per birth year relative to one another, shaped like Germany's (the baby boom of
# 1955–1969 with its peak in 1964, the "pill dip" to 1975, the low of 2011), so that the baby
# boomers aged 55–69 in 2024 age into 65+ over the projection as in a German city.
COHORTS = (
    (1920, 0.95), (1940, 1.05), (1945, 0.75), (1947, 1.0), (1955, 1.1), (1964, 1.35),
    (1970, 1.05), (1975, 0.75), (1990, 0.9), (2000, 0.77), (2011, 0.66), (2016, 0.79),
    (2021, 0.8), (2024, 0.68),
)  # fmt: skip


def _rogers_castro(a: np.ndarray, mu: float, alpha: float, lam: float) -> np.ndarray:
    """The labour-force peak of a Rogers–Castro migration schedule."""
    return np.exp(-alpha * (a - mu) - np.exp(-lam * (a - mu)))


def _schedules() -> dict[str, np.ndarray]:
    """Invented but German-like rates: death probabilities ``qx`` ``[sex, age]`` (Gompertz with
    an accident hump; life expectancy at birth about 78.5 for men and 83 for women, as the
    Destatis period life table 2022/24), fertility 1.45 children per woman, immigrants by age
    (``moves``, sums to 1: young adults of 18–30 starting training, studies or a first job,
    with some children) and the rate of leaving the city (``leave``, per person and year:
    highest at 25–35 and for small children, when families move to the suburbs)."""
    a = AGES.astype(float)
    hump = np.exp(-(((a - 22) / 6) ** 2))
    women = 5.3e-6 * np.exp(0.1127 * a) + 0.00006 + 0.00008 * hump
    men = 2.1e-5 * np.exp(0.1 * a) + 0.00006 + 0.0003 * hump
    qx = np.clip(np.stack([women, men]), 0.0, 0.5)
    qx[:, 0] = (0.0030, 0.0034)
    asfr = np.where((a >= 15) & (a <= 49), np.exp(-(((a - 31) / 6) ** 2)), 0.0)
    asfr *= 1.35 / asfr.sum()
    moves = 0.006 * np.exp(-0.15 * a) + 0.1 * _rogers_castro(a, 18.5, 0.12, 0.5)
    moves += np.where(a < 65, 0.0015, 0.0004)
    leave = 0.07 * np.exp(-0.15 * a) + 0.28 * _rogers_castro(a, 23.8, 0.13, 0.3) + 0.009
    return {"qx": qx, "asfr": asfr, "moves": moves / moves.sum(), "leave": leave}


def life_expectancy(qx: np.ndarray) -> np.ndarray:
    """Life expectancy at birth per sex of death probabilities ``qx`` ``[sex, age]`` (deaths
    in the middle of the year; the open age group lives 1 / q more years)."""
    alive = np.cumprod(np.hstack([np.ones((2, 1)), 1 - qx[:, :-1]]), axis=1)
    years = alive * (1 - qx / 2)
    years[:, -1] = alive[:, -1] / qx[:, -1]
    return years.sum(axis=1)


# Monitoring indicators the forecast's inputs are derived from (one source of truth).
MONITORED = (
    "population", "share_under_18", "share_65_plus", "share_80_plus",
    "households", "dwellings", "vacancy_rate",
)  # fmt: skip
BANDS = ((0, 17), (18, 64), (65, 79), (80, 100))


def monitored(districts: list[Area]) -> dict[str, dict[str, dict[int, float]]]:
    """indicator → district key → year → value of the monitoring's observations."""
    ids = {d.pk: d.key for d in districts}
    result: dict[str, dict[str, dict[int, float]]] = {k: {} for k in MONITORED}
    for key, area_id, year, value in Observation.objects.filter(
        indicator__key__in=MONITORED, area_id__in=ids, year__gte=FIRST_OBSERVED
    ).values_list("indicator__key", "area_id", "year", "value"):
        result[key].setdefault(ids[area_id], {})[year] = value
    return result


def invented_totals(gen: np.random.Generator, keys: list[str]) -> dict:
    """Monitoring-like totals for ``keys`` when there is no monitoring (the upload fuzz seed)."""
    data: dict[str, dict[str, dict[int, float]]] = {k: {} for k in MONITORED}
    for key in keys:
        size, growth = gen.uniform(6000, 22000), gen.normal(0.004, 0.006)
        years = range(FIRST_OBSERVED, BASE_YEAR + 1)
        population = {y: round(size * (1 + growth) ** (y - BASE_YEAR)) for y in years}
        base = {
            "share_under_18": 16.0, "share_65_plus": 21.0, "share_80_plus": 6.0,
            "households": round(population[BASE_YEAR] / 1.95),
            "dwellings": round(population[BASE_YEAR] / 1.85), "vacancy_rate": 2.0,
        }  # fmt: skip
        data["population"][key] = population
        for name, value in base.items():
            data[name][key] = {BASE_YEAR: value}
    return data


def _shape(gen: np.random.Generator, districts: int, qx: np.ndarray) -> np.ndarray:
    """Age-sex shape ``[area, sex, age]`` (sums to 1 per area): the births of each cohort
    (:data:`COHORTS`) times its survival, with more young adults in the city (students,
    first jobs) – most in the young inner districts, families in the older suburbs."""
    a = AGES.astype(float)
    years, values = zip(*COHORTS, strict=True)
    births = np.interp(BASE_YEAR - a, years, values)
    alive = np.cumprod(np.hstack([np.ones((2, 1)), 1 - qx[:, :-1]]), axis=1) * (1 - qx / 2)
    sexes = births[None, :] * alive * np.array([[1 / 2.05], [1.05 / 2.05]])
    young = gen.uniform(0.0, 1.0, districts)
    bump = np.exp(-(((a - 26) / 6) ** 2))
    family = np.exp(-(((a - 8) / 7) ** 2)) + np.exp(-(((a - 42) / 8) ** 2))
    shape = 1 + (0.3 + 0.7 * young[:, None]) * bump[None, :]
    shape += 0.25 * (1 - young[:, None]) * family[None, :]
    cells = shape[:, None, :] * sexes[None, :, :]
    cells *= gen.uniform(0.97, 1.03, cells.shape)
    return cells / cells.sum(axis=(1, 2), keepdims=True)


def _rake(shape: np.ndarray, shares: np.ndarray, total: float) -> np.ndarray:
    """``shape`` ``[sex, age]`` scaled so that the age bands have ``shares`` (sum 1) and the
    cells sum to ``total``, in whole persons (the remainder on the largest cell)."""
    cells = shape.copy()
    for (low, high), share in zip(BANDS, shares, strict=True):
        band = cells[:, low : high + 1]
        band *= share / band.sum()
    cells = np.round(cells * total)
    cells.flat[np.argmax(cells)] += round(total) - cells.sum()
    return cells


def _population(gen: np.random.Generator, keys: list[str], data: dict) -> dict[int, np.ndarray]:
    """Persons ``[area, sex, age]`` on 31.12. of each year 2019–2024: the monitoring's
    population of each district, its shares under 18, 65+ and 80+ (base year), and an age shape
    of the district; earlier years by cohorts (a person aged a+k in 2024 was a), scaled to the
    monitoring's population of that year."""
    shape = _shape(gen, len(keys), _schedules()["qx"])
    base = np.empty_like(shape)
    for r, key in enumerate(keys):
        pct = {k: data[k][key][BASE_YEAR] / 100 for k in MONITORED[1:4]}
        shares = [
            pct["share_under_18"],
            1 - pct["share_under_18"] - pct["share_65_plus"],
            pct["share_65_plus"] - pct["share_80_plus"],
            pct["share_80_plus"],
        ]
        base[r] = _rake(shape[r], np.array(shares), data["population"][key][BASE_YEAR])
    years = {BASE_YEAR: base}
    for year in range(FIRST_OBSERVED, BASE_YEAR):
        earlier = base[..., np.minimum(AGES + BASE_YEAR - year, 100)]
        years[year] = np.stack(
            [
                _rake(
                    earlier[r] / earlier[r].sum(),
                    _band_shares(earlier[r]),
                    data["population"][key][year],
                )
                for r, key in enumerate(keys)
            ]
        )
    return years


def _band_shares(cells: np.ndarray) -> np.ndarray:
    return np.array([cells[:, lo : hi + 1].sum() for lo, hi in BANDS]) / cells.sum()


def _frame(keys: list[str], values: dict[str, np.ndarray]) -> pl.DataFrame:
    n, _, _ = next(iter(values.values())).shape
    columns: dict[str, object] = {
        "area": np.repeat(keys, 2 * len(AGES)),
        "sex": np.tile(np.repeat(["f", "m"], len(AGES)), n),
        "age": np.tile(AGES, 2 * n),
    }
    return pl.DataFrame(columns | {k: v.reshape(-1) for k, v in values.items()})


def _population_csv(keys: list[str], years: dict[int, np.ndarray]) -> pl.DataFrame:
    frames = [
        _frame(keys, {"count": years[year]}).with_columns(pl.lit(year).alias("year"))
        for year in sorted(years)
    ]
    return pl.concat(frames)


# Households per person by sex and age (each member of a household of n counts 1/n; children
# none): low at 18–24 (many still live with their parents), high at 80+ (mostly alone, women
# more often than men), in the pattern of the Mikrozensus' living arrangements.
HEADSHIP = {
    "sex": ["f"] * 6 + ["m"] * 6,
    "age_from": [18, 25, 35, 50, 65, 80] * 2,
    "age_to": [24, 34, 49, 64, 79, 100] * 2,
    "headship_rate": [0.5, 0.68, 0.55, 0.62, 0.68, 0.82, 0.46, 0.66, 0.55, 0.6, 0.6, 0.66],
}


# Households keep getting smaller: the headship rates rise 0.15 % a year until 2034 (half of
# the monitoring's fall of the average household size in 2019–2024, 0.3 % a year; the other
# half comes from the ageing the projection itself carries), then stay.
HEADSHIP_TREND, HEADSHIP_TREND_UNTIL = 0.0015, 2034


def _headship(keys: list[str], base: np.ndarray, households: list[float]) -> pl.DataFrame:
    """Headship rates per district and year, scaled so that the base year's households are the
    monitoring's (the age pattern is the city's, its level the district's) and rising by
    :data:`HEADSHIP_TREND` a year until :data:`HEADSHIP_TREND_UNTIL`."""
    rates = np.zeros((2, 101))
    for sex, low, high, rate in zip(*HEADSHIP.values(), strict=True):
        rates["fm".index(sex), low : high + 1] = rate
    frames = []
    for r, key in enumerate(keys):
        factor = households[r] / float((rates * base[r]).sum())
        for year in range(BASE_YEAR, HEADSHIP_TREND_UNTIL + 1):
            trend = (1 + HEADSHIP_TREND) ** (year - BASE_YEAR)
            frames.append(
                pl.DataFrame(HEADSHIP).with_columns(
                    area=pl.lit(key),
                    year=pl.lit(year),
                    headship_rate=pl.col("headship_rate") * factor * trend,
                )
            )
    return pl.concat(frames).select("area", "year", "sex", "age_from", "age_to", "headship_rate")


def _write_migration(folder: Path, keys: list[str], immigrants: np.ndarray, s: dict) -> None:
    n = len(keys)
    rate = np.broadcast_to(s["leave"], (n, 2, 101))
    share = np.broadcast_to(np.full((n, 1, 1), 1.0 / n), (n, 2, 101))
    values = {
        "immigrants": immigrants,
        "emigration_rate": rate,
        "move_out_rate": rate * 0.7,
        "move_in_share": share,
    }
    _frame(keys, values).write_csv(folder / "migration.csv")


def _mid_scenario() -> Scenario:
    paths = dict(SETS[1][3].items())
    return Scenario(
        "mittel",
        {
            str(c): ModelPath(tuple(y for y, _ in p), tuple(v for _, v in p))
            for c, (p, _) in paths.items()
        },
    )


def _calibrate_immigration(folder: Path, keys: list[str], years: dict, s: dict) -> None:
    """Immigrants per district such that the mid variant's first five years continue the
    district's observed growth of 2019–2024 (Newton steps on the engine itself)."""
    first, last = years[FIRST_OBSERVED].sum(axis=(1, 2)), years[BASE_YEAR].sum(axis=(1, 2))
    growth = (last / first) ** (1 / (BASE_YEAR - FIRST_OBSERVED))
    target = last * growth**5
    profile = np.broadcast_to(s["moves"], (len(keys), 2, 101)) / 2
    level = 0.058 * last
    for _ in range(6):
        _write_migration(folder, keys, level[:, None, None] * profile, s)
        inputs = replace(
            read_inputs(folder), horizon=BASE_YEAR + 5, scenarios={"mittel": _mid_scenario()}
        )
        projected = project(inputs, "mittel").runs[0].population[-1].sum(axis=(1, 2))
        level = np.maximum(level + (target - projected) / 5, 0.0)
    _write_migration(folder, keys, level[:, None, None] * profile, s)


def _draws_toml(folder: Path) -> str:
    """The ``[draws]`` table: spreads calibrated to the observed forecast errors
    (analytics/forecast/uncertainty.py, docs/forecast-assumptions.md section 4)."""
    inputs = replace(read_inputs(folder), scenarios={"mittel": _mid_scenario()})
    d = uncertainty.calibrated_draws(inputs, uncertainty.REFERENCE_SIGMA)
    return (
        "\n[draws]  # calibrated to observed forecast errors (docs/forecast-assumptions.md)\n"
        f"fertility_sd = {d.fertility_sd:.6f}\nmortality_sd = {d.mortality_sd:.6f}\n"
        f"immigration_sd = {d.immigration_sd:.6f}\nhorizon_exponent = {d.horizon_exponent:g}\n"
    )


def write_inputs(
    folder: Path, gen: np.random.Generator, keys: list[str], data: dict | None = None
) -> None:
    """The input folder of the engine for Musterstadt's districts ``keys``, derived from the
    monitoring's observations ``data`` (see :func:`monitored`): the same population,
    households and dwellings per district in the base year, the observed years 2019–2023 for
    the back-test, and immigration calibrated to the observed growth."""
    data = data or invented_totals(gen, keys)
    s = _schedules()
    years = _population(gen, keys, data)
    base = years[BASE_YEAR]
    (folder / "scenario.toml").write_text(SCENARIO_TOML + DRAWS_MIX, encoding="utf-8")
    _population_csv(keys, years).write_csv(folder / "population.csv")
    pl.DataFrame(
        {"sex": np.repeat(["f", "m"], 101), "age": np.tile(AGES, 2), "qx": s["qx"].reshape(-1)}
    ).write_csv(folder / "mortality.csv")
    pl.DataFrame({"age": np.arange(15, 50), "asfr": s["asfr"][15:50]}).write_csv(
        folder / "fertility.csv"
    )
    _headship(keys, base, [data["households"][k][BASE_YEAR] for k in keys]).write_csv(
        folder / "households.csv"
    )
    pl.DataFrame(
        {
            "age_from": [18, 30, 45, 65],
            "age_to": [29, 44, 64, 100],
            "size_1": [0.62, 0.35, 0.33, 0.5],
            "size_2": [0.28, 0.25, 0.37, 0.45],
            "size_3": [0.07, 0.17, 0.15, 0.03],
            "size_4": [0.02, 0.16, 0.11, 0.015],
            "size_5plus": [0.01, 0.07, 0.04, 0.005],
        }
    ).write_csv(folder / "household_sizes.csv")
    stock = np.array([data["dwellings"][k][BASE_YEAR] for k in keys])
    vacancy = np.array([data["vacancy_rate"][k][BASE_YEAR] for k in keys]) / 100
    pl.DataFrame(
        {"area": keys, "stock": stock, "vacant_usable": np.round(stock * vacancy)}
    ).write_csv(folder / "dwellings.csv")
    n = len(keys)
    projects = sorted(gen.choice(n, 8, replace=False).tolist())
    pl.DataFrame(
        {
            "area": [keys[i] for i in projects],
            "year": gen.integers(2026, 2033, len(projects)),
            "dwellings": np.round(gen.uniform(80, 450, len(projects))),
        }
    ).write_csv(folder / "completions_plan.csv")
    _calibrate_immigration(folder, keys, years, s)
    (folder / "scenario.toml").write_text(SCENARIO_TOML + _draws_toml(folder), encoding="utf-8")


def _assumption_sets(alliance: Alliance, user: User | None) -> list[AssumptionSet]:
    sets = []
    for name, title, description, assumptions in SETS:
        aset = services.create_assumption_set(alliance, user, name, title, description)
        for component, (path, justification) in assumptions.items():
            services.set_assumption(aset, component, path, _SOURCES[component], justification)
        sets.append(services.publish_assumption_set(aset))
    return sets


def generate(rng: random.Random, alliance: Alliance) -> None:
    """Inputs, the three assumption sets and a computed, published run (draws for the fan)."""
    gen = np.random.default_rng(rng.randrange(2**32))
    districts = list(Area.objects.filter(parent=alliance.area).order_by("key"))
    user = User.objects.filter(username="fachamt").first()
    with tempfile.TemporaryDirectory(prefix="demo-forecast-") as tmp:
        write_inputs(Path(tmp), gen, [d.key for d in districts], monitored(districts))
        data = ContentFile(archive.zip_folder(Path(tmp)), name="musterstadt.zip")
    inputs = services.upload_inputs(
        alliance, alliance.area, user, "Musterstadt: Bevölkerung 2019–2024 und Raten", data
    )
    sets = _assumption_sets(alliance, user)
    run = services.create_run(
        inputs,
        sets,
        user,
        title="Bevölkerungsprognose 2024–2045",
        draws=40,
        seed=2026,
        base_source=BaseSource.MONITORING,
    )
    services.execute_run(run.pk)
    services.publish_run(run, user)
