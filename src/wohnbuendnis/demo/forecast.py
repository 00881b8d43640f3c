"""Musterstadt's forecast: invented base data for the 20 districts (≈ 200,000 inhabitants),
three agreed assumption sets (niedrig / mittel / hoch) and a finished, published run.

The base data are an input folder exactly as the ``wohnbuendnis forecast`` command reads it
(forecast.md), zipped and uploaded through the forecast services like a user's upload. The
population of 2019–2023 is derived from 2024 by cohorts, so that the back-test has something
to compare with.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
from django.core.files.base import ContentFile

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast import archive, services
from wohnbuendnis.forecast.models import AssumptionSet, Component

BASE_YEAR, HORIZON, FIRST_OBSERVED = 2024, 2045, 2019
AGES = np.arange(101)
INHABITANTS = 200_000

SCENARIO_TOML = f"""\
method = "municipal"
base_year = {BASE_YEAR}
horizon = {HORIZON}
step = 1
sex_ratio_at_birth = 1.05
newborn_exposure = 0.5

[draws]
fertility_sd = 0.05
mortality_sd = 0.05
immigration_sd = 0.12
"""

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
            Component.FERTILITY: ([[2025, 0.97], [2045, 0.9]], "Geburtenrate sinkt auf 1,3."),
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
            Component.FERTILITY: ([[2025, 1.0], [2045, 1.0]], "Geburtenrate bleibt bei 1,45."),
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
            Component.FERTILITY: ([[2025, 1.03], [2045, 1.1]], "Geburtenrate steigt auf 1,6."),
            Component.MORTALITY: ([[2025, 1.0], [2045, 0.78]], "Lebenserwartung +3 Jahre."),
            Component.IMMIGRATION: ([[2025, 1.2], [2045, 1.15]], "Zuzug wie 2015–2017."),
            Component.EMIGRATION: ([[2025, 1.0], [2045, 0.95]], "Etwas weniger Abwanderung."),
        },
    ),
]


def _schedules() -> dict[str, np.ndarray]:
    a = AGES.astype(float)
    qx = np.clip(0.00004 * np.exp(0.097 * a), 0.0001, 0.55)
    qx[0] = 0.003
    asfr = np.where((a >= 15) & (a <= 49), np.exp(-(((a - 31) / 6) ** 2)), 0.0)
    asfr *= 1.45 / asfr.sum()
    moves = 0.015 * np.exp(-0.1 * a) + 0.07 * np.exp(-0.1 * (a - 20) - np.exp(-0.4 * (a - 20)))
    return {"qx": qx, "asfr": asfr, "moves": (moves + 0.003) / (moves + 0.003).sum()}


def _population(gen: np.random.Generator, districts: int) -> np.ndarray:
    """Persons ``[area, sex, age]`` on 31.12.2024: young inner districts, older suburbs."""
    a = AGES.astype(float)
    size = gen.uniform(0.6, 1.4, districts)
    size *= INHABITANTS / size.sum()
    young = gen.uniform(0.0, 1.0, districts)
    base = np.exp(-a / 75) * (1 - 0.6 * (a > 80)) * (1 - 0.3 * (a < 6))
    bump = np.exp(-(((a - 27) / 6) ** 2))
    shape = base[None, :] + young[:, None] * 0.8 * bump[None, :]
    women = np.where(a > 70, 1.25, 0.98)
    sexes = np.stack([women, np.ones_like(a)])  # f, m
    cells = shape[:, None, :] * sexes[None, :, :]
    cells *= size[:, None, None] / cells.sum(axis=(1, 2), keepdims=True)
    return np.round(cells * gen.uniform(0.95, 1.05, cells.shape))


def _frame(keys: list[str], values: dict[str, np.ndarray]) -> pl.DataFrame:
    n, _, _ = next(iter(values.values())).shape
    columns: dict[str, object] = {
        "area": np.repeat(keys, 2 * len(AGES)),
        "sex": np.tile(np.repeat(["f", "m"], len(AGES)), n),
        "age": np.tile(AGES, 2 * n),
    }
    return pl.DataFrame(columns | {k: v.reshape(-1) for k, v in values.items()})


def _population_csv(keys: list[str], base: np.ndarray) -> pl.DataFrame:
    """Base year plus earlier years derived by cohorts (a person aged a+k in 2024 was a)."""
    frames = []
    for year in range(FIRST_OBSERVED, BASE_YEAR + 1):
        k = BASE_YEAR - year
        earlier = base[..., np.minimum(AGES + k, 100)] * (1 - 0.004 * k)
        frame = _frame(keys, {"count": np.round(earlier)})
        frames.append(frame.with_columns(pl.lit(year).alias("year")))
    return pl.concat(frames)


def write_inputs(folder: Path, gen: np.random.Generator, keys: list[str]) -> None:
    """The input folder of the engine for Musterstadt's districts ``keys``."""
    s = _schedules()
    base = _population(gen, len(keys))
    n = len(keys)
    (folder / "scenario.toml").write_text(SCENARIO_TOML, encoding="utf-8")
    _population_csv(keys, base).write_csv(folder / "population.csv")
    pl.DataFrame(
        {"sex": np.repeat(["f", "m"], 101), "age": np.tile(AGES, 2), "qx": np.tile(s["qx"], 2)}
    ).with_columns(
        pl.when(pl.col("sex") == "f").then(pl.col("qx") * 0.8).otherwise("qx")
    ).write_csv(folder / "mortality.csv")
    pl.DataFrame({"age": np.arange(15, 50), "asfr": s["asfr"][15:50]}).write_csv(
        folder / "fertility.csv"
    )
    totals = base.sum(axis=(1, 2))
    attract = gen.uniform(0.8, 1.2, n)
    profile = np.broadcast_to(s["moves"], (n, 2, 101))
    immigrants = 0.058 * (totals * attract)[:, None, None] * profile / 2
    rate = np.clip(0.06 * profile / profile.mean() * 0.68, 0, 0.5)
    share = np.broadcast_to(
        (totals * attract / (totals * attract).sum())[:, None, None], base.shape
    )
    values = {
        "immigrants": immigrants,
        "emigration_rate": rate,
        "move_out_rate": rate * 0.7,
        "move_in_share": share,
    }
    _frame(keys, values).write_csv(folder / "migration.csv")
    pl.DataFrame(
        {
            "sex": ["f"] * 4 + ["m"] * 4,
            "age_from": [18, 30, 45, 65] * 2,
            "age_to": [29, 44, 64, 100] * 2,
            "headship_rate": [0.55, 0.66, 0.72, 0.85, 0.52, 0.64, 0.7, 0.78],
        }
    ).write_csv(folder / "households.csv")
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
    stock = np.round(totals / 2.0 * gen.uniform(0.96, 1.04, n))
    pl.DataFrame(
        {"area": keys, "stock": stock, "vacant_usable": np.round(stock * gen.uniform(0, 0.02, n))}
    ).write_csv(folder / "dwellings.csv")
    projects = sorted(gen.choice(n, 8, replace=False).tolist())
    pl.DataFrame(
        {
            "area": [keys[i] for i in projects],
            "year": gen.integers(2026, 2033, len(projects)),
            "dwellings": np.round(gen.uniform(80, 450, len(projects))),
        }
    ).write_csv(folder / "completions_plan.csv")


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
        write_inputs(Path(tmp), gen, [d.key for d in districts])
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
    )
    services.execute_run(run.pk)
    services.publish_run(run, user)
