"""Musterstadt's housing-market monitoring: 15 years of invented, plausible observations for
every catalogue indicator in each of the 20 districts; the city's values are aggregated from
the districts by each indicator's rule, as the monitoring would do with real data."""

from __future__ import annotations

import math
import random

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.catalogue import seed as seed_catalogue
from wohnbuendnis.monitoring.engine import aggregate_observations
from wohnbuendnis.monitoring.models import ImportBatch, ImportKind, Indicator, Observation
from wohnbuendnis.monitoring.queries import forget_barometer

FIRST_YEAR, YEARS = 2010, 15
# Traffic-light bounds the alliance agreed for its key figures: (green, red).
THRESHOLDS = {
    "sgb2_rate": (8.0, 12.0),
    "unemployment_rate": (5.0, 8.0),
    "child_poverty_rate": (12.0, 20.0),
    "asking_rent_eur_m2": (8.5, 10.5),
    "rent_burden": (27.0, 32.0),
    "vacancy_rate": (2.5, 1.0),
    "completions": (900.0, 500.0),
    "permits": (1000.0, 600.0),
    "social_housing_bindings_expiring": (800.0, 1500.0),
}


def _clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))


def _district(rng: random.Random) -> dict[str, float]:
    """Fixed traits of a district: social status, growth, new-build share, centrality."""
    return {
        "status": rng.gauss(0, 1),
        "drift": rng.gauss(0, 0.05),
        "growth": rng.gauss(0.004, 0.006),
        "newbuild": rng.random(),
        "centre": rng.random(),
        "population": rng.uniform(6000, 22000),
    }


class _Stock:
    """The running dwelling stock, social housing stock and land reserve of one district."""

    def __init__(self, households: int, status: float, newbuild: float) -> None:
        self.dwellings = households * 1.04
        self.social = self.dwellings * _clamp(0.08 + 0.03 * status, 0.01, 0.3)
        self.reserve = 4 + 30 * newbuild

    def build(self, rng: random.Random, completions: int) -> dict[str, float]:
        self.dwellings += completions - round(self.dwellings * 0.001)
        new_social = round(completions * (0.15 + 0.1 * rng.random()))
        self.social = self.social * 0.975 + new_social
        self.reserve = max(0.0, self.reserve - completions / 45 * 0.6)
        return {
            "dwellings": round(self.dwellings),
            "completions": completions,
            "social_housing_stock": round(self.social),
            "social_housing_new": new_social,
            "social_housing_bindings_expiring": round(self.social * (0.10 + 0.05 * rng.random())),
            "building_land_reserve_ha": round(self.reserve, 1),
            "building_land_potential": round(self.reserve * 45),
            # The indicators of the building projects come from the projects themselves
            # (demo/process.py publishes them), not from here.
        }


def _people(rng: random.Random, d: dict[str, float], t: int, s: float, population: int,
            before: float) -> dict[str, float]:  # fmt: skip
    noise = rng.gauss
    births = round(population * (9.0 + 0.8 * s) / 1000)
    deaths = round(population * (11.0 - 0.8 * s) / 1000)
    net = round(population - before - births + deaths)
    arrivals = round(population * (0.075 + 0.01 * d["centre"]))
    return {
        "population": population,
        "share_under_18": _clamp(16 + 2 * s - 0.05 * t + noise(0, 0.3)),
        "share_65_plus": _clamp(19.5 - 1.5 * s + 0.1 * t + noise(0, 0.3)),
        "share_80_plus": _clamp(5 - 0.5 * s + 0.1 * t + noise(0, 0.1)),
        "share_foreign": _clamp(12 + 5 * s + 0.3 * t + noise(0, 0.3)),
        "births": births,
        "deaths": deaths,
        "in_migration": arrivals,
        "out_migration": max(0, arrivals - net),
        "net_migration": net,
    }


def _market(rng: random.Random, d: dict[str, float], t: int, s: float, households: int,
            completions: int) -> dict[str, float]:  # fmt: skip
    noise, centre = rng.gauss, d["centre"]
    return {
        "households": households,
        "single_person_share": _clamp(40 + 8 * centre + 0.2 * t + noise(0, 0.4)),
        "single_parent_share": _clamp(6 + 1.5 * s + noise(0, 0.2), 0.5),
        "living_space_per_person": max(20.0, 42 - 3 * s + 0.15 * t + noise(0, 0.3)),
        "vacancy_rate": _clamp(3.0 - 0.12 * t + 0.6 * s + noise(0, 0.2), 0.2, 15),
        "completions_single_family": round(completions * (0.5 - 0.4 * centre)),
        "permits": max(0, round(completions * (1.05 + noise(0, 0.15)))),
        "asking_rent_eur_m2": (7.4 - 0.5 * s + 0.8 * centre) * 1.035**t,
        "rent_burden": _clamp(27 + 2 * s + 0.2 * t + noise(0, 0.4)),
        "land_price_eur_m2": (300 - 50 * s + 200 * centre) * 1.06**t,
        "condo_price_eur_m2": (2500 - 300 * s + 600 * centre) * 1.055**t,
        "housing_benefit_households": round(households * _clamp(0.02 + 0.01 * s, 0.002, 0.2)),
    }


def _social(rng: random.Random, t: int, s: float, population: int) -> dict[str, float]:
    noise = rng.gauss
    sgb2 = _clamp(9 + 4 * s - 0.1 * t + noise(0, 0.3), 0.5, 40)
    unemployment = _clamp(5.5 + 2 * s - 0.08 * t + noise(0, 0.2), 0.5, 30)
    return {
        "sgb2_rate": sgb2,
        "sgb2_recipients": round(population * 0.8 * sgb2 / 100),
        "unemployment_rate": unemployment,
        "unemployed": round(population * 0.65 * unemployment / 100),
        "child_poverty_rate": _clamp(15 + 8 * s - 0.1 * t + noise(0, 0.5), 1, 70),
        "homeless_persons": max(0, round(population * (0.0015 + 0.001 * s))),
    }


def _series(rng: random.Random, d: dict[str, float]) -> dict[str, list[float]]:
    """Yearly values of one district, indicator key → 15 values."""
    out: dict[str, list[float]] = {}
    stock: _Stock | None = None
    before = d["population"] / (1 + d["growth"])
    for t in range(YEARS):
        s = d["status"] + d["drift"] * t
        population = round(d["population"] * (1 + d["growth"]) ** t * (1 + rng.gauss(0, 0.002)))
        households = round(population / (2.1 - 0.3 * d["centre"] - 0.006 * t))
        stock = stock or _Stock(households, s, d["newbuild"])
        rate = (2.0 + 4 * d["newbuild"] + 0.1 * t) * (1 + rng.gauss(0, 0.15))
        completions = max(0, round(population * rate / 1000))
        year = {
            **_people(rng, d, t, s, population, before),
            **_market(rng, d, t, s, households, completions),
            **_social(rng, t, s, population),
            **stock.build(rng, completions),
        }
        before = population
        for key, value in year.items():
            out.setdefault(key, []).append(value)
    return out


def _ratios(values: dict[str, list[float]]) -> None:
    """Indicators recomputed from counts (consistent with their aggregation rule)."""
    values["household_size"] = [
        p / h for p, h in zip(values["population"], values["households"], strict=True)
    ]
    values["dwellings_per_1000"] = [
        1000 * d / p for d, p in zip(values["dwellings"], values["population"], strict=True)
    ]
    values["completions_per_1000"] = [
        1000 * c / p for c, p in zip(values["completions"], values["population"], strict=True)
    ]
    values["social_housing_share"] = [
        100 * s / d
        for s, d in zip(values["social_housing_stock"], values["dwellings"], strict=True)
    ]
    _target_group_stocks(values)


def _target_group_stocks(values: dict[str, list[float]]) -> None:
    """Barrier-free and small dwellings and the share below the income limits, derived from
    the other series without drawing random numbers (the rest of the demo stays as it was)."""
    years = range(len(values["dwellings"]))
    values["accessible_dwellings"] = [
        round(values["dwellings"][t] * (0.03 + 0.002 * t)) for t in years
    ]
    values["small_dwellings"] = [
        round(values["dwellings"][t] * values["single_person_share"][t] / 100 * 0.55) for t in years
    ]
    values["low_income_household_share"] = [_clamp(6 + 1.1 * values["sgb2_rate"][t]) for t in years]
    # Rents of running contracts lag behind the asking rents (no random numbers either).
    values["existing_rent_eur_m2"] = [0.8 * values["asking_rent_eur_m2"][t] for t in years]
    # Women outnumber men the more old people live in a district (no random numbers either).
    values["population_female"] = [
        round(values["population"][t] * (0.49 + 0.001 * values["share_65_plus"][t])) for t in years
    ]
    values["population_male"] = [
        values["population"][t] - values["population_female"][t] for t in years
    ]
    # 75 and more lie between 80+ and 65+ (about 10 %; no random numbers either).
    values["share_75_plus"] = [
        values["share_80_plus"][t] + 0.3 * (values["share_65_plus"][t] - values["share_80_plus"][t])
        for t in years
    ]


def generate(rng: random.Random, alliance: Alliance) -> int:
    """Create the observations and thresholds; returns the number of observations."""
    # The catalogue comes with a data migration; a test database flushed between transactional
    # tests has lost it, so make sure it is there (idempotent).
    seed_catalogue(Indicator)
    catalogue = {i.key: i for i in Indicator.objects.all()}
    city = alliance.area
    districts = list(city.children.order_by("key"))
    rows: list[tuple[str, str, int, float]] = []
    for district in districts:
        values = _series(rng, _district(rng))
        _ratios(values)
        for key, series in values.items():
            rows.extend((key, district.key, FIRST_YEAR + t, float(v)) for t, v in enumerate(series))
    frame = pl.DataFrame(rows, schema=["indicator", "area", "year", "value"], orient="row")
    parent_of = {d.key: city.key for d in districts}
    rules = {key: indicator.rule() for key, indicator in catalogue.items()}
    city_rows = aggregate_observations(frame, parent_of, rules)
    # Prices are not aggregable: the city's own evaluation gives a value of its own.
    unaggregated = frame.filter(
        pl.col("indicator").is_in([k for k, r in rules.items() if r.kind.value == "none"])
    )
    own = (
        unaggregated.group_by("indicator", "year")
        .agg(pl.col("value").median())
        .with_columns(area=pl.lit(city.key))
    )
    everything = pl.concat([frame, city_rows, own.select(frame.columns)])
    batch = ImportBatch.objects.create(
        alliance=alliance,
        file_name="demo-musterstadt.csv",
        sha256="0" * 64,
        kind=ImportKind.OBSERVATIONS,
        rows=everything.height,
        created=everything.height,
    )
    areas = {d.key: d for d in districts} | {city.key: city}
    source = "Demo-Daten (erfunden)"
    Observation.objects.bulk_create(
        [
            Observation(
                indicator=catalogue[i],
                area=areas[a],
                year=y,
                value=round(v, 4),
                source=source,
                batch=batch,
            )
            for i, a, y, v in everything.iter_rows()
            if not math.isnan(v)
        ],
        batch_size=5000,
    )
    forget_barometer()  # the demo writes its invented values directly, as one import would
    for key, (green, red) in THRESHOLDS.items():
        services.set_threshold(
            alliance, catalogue[key], green, red, None, "Beschluss der Steuerungsgruppe"
        )
    return everything.height
