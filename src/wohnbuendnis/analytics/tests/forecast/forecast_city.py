"""A small synthetic city as a forecast input folder (three districts, internal moves).

A module with a unique name (not conftest) so that tests can import it unambiguously.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

AGES = np.arange(101)
AREAS = ("01", "02", "03")

SCENARIO_TOML = """\
method = "municipal"
base_year = 2024
horizon = 2034
step = 1
sex_ratio_at_birth = 1.05
newborn_exposure = 0.5

[scenarios.mittel]
fertility = { 2025 = 1.0, 2034 = 1.0 }
mortality = { 2025 = 1.0, 2034 = 0.9 }

[scenarios.hoch]
immigration = { 2025 = 1.3, 2034 = 1.2 }

[draws]
fertility_sd = 0.05
mortality_sd = 0.05
immigration_sd = 0.15
"""


def schedules() -> dict[str, np.ndarray]:
    """Smooth, plausible schedules by single age 0…100."""
    a = AGES.astype(float)
    qx = np.clip(0.00005 * np.exp(0.095 * a), 0.0002, 0.6)
    qx[0] = 0.003
    qx[-1] = 0.5
    asfr = np.where((a >= 15) & (a <= 49), np.exp(-(((a - 31) / 6) ** 2)), 0.0)
    asfr *= 1.5 / asfr.sum()
    migration = 0.02 * np.exp(-0.1 * a) + 0.06 * np.exp(-0.1 * (a - 20) - np.exp(-0.4 * (a - 20)))
    migration += 0.003
    return {"qx": qx, "asfr": asfr, "migration": migration / migration.sum()}


def _cells(**columns: object) -> pl.DataFrame:
    return pl.DataFrame(columns)


def write_city(folder: Path, toml: str = SCENARIO_TOML, moves: bool = True) -> Path:
    """Write the synthetic city into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    s = schedules()
    area = np.repeat(AREAS, 2 * 101)
    sex = np.tile(np.repeat(["f", "m"], 101), len(AREAS))
    age = np.tile(AGES, 2 * len(AREAS))
    size = np.repeat([1.0, 0.6, 1.4], 2 * 101)
    count = np.round(size * 900 * np.exp(-age / 70) * (1 - 0.5 * (age > 85)), 0)
    _cells(area=area, sex=sex, age=age, count=count).write_csv(folder / "population.csv")
    _cells(sex=np.repeat(["f", "m"], 101), age=np.tile(AGES, 2), qx=np.tile(s["qx"], 2)).write_csv(
        folder / "mortality.csv"
    )
    fert = s["asfr"][15:50]
    _cells(age=np.arange(15, 50), asfr=fert).write_csv(folder / "fertility.csv")
    profile = np.tile(s["migration"], 2 * len(AREAS))
    mig = {
        "area": area,
        "sex": sex,
        "age": age,
        "immigrants": 5000 * size * profile,
        "emigration_rate": 0.08 * profile / profile.max(),
    }
    if moves:
        mig["move_out_rate"] = 0.1 * profile / profile.max()
        mig["move_in_share"] = size / 3.0
    _cells(**mig).write_csv(folder / "migration.csv")
    _cells(
        sex=["f", "f", "f", "m", "m", "m"],
        age_from=[18, 30, 65] * 2,
        age_to=[29, 64, 100] * 2,
        headship_rate=[0.45, 0.55, 0.65, 0.4, 0.5, 0.6],
    ).write_csv(folder / "households.csv")
    _cells(
        age_from=[18, 30, 65],
        age_to=[29, 64, 100],
        size_1=[0.6, 0.3, 0.5],
        size_2=[0.3, 0.3, 0.45],
        size_3=[0.07, 0.2, 0.03],
        size_4=[0.02, 0.15, 0.01],
        size_5plus=[0.01, 0.05, 0.01],
    ).write_csv(folder / "household_sizes.csv")
    _cells(area=["01", "03"], sex=["f", "m"], age=[85, 90], count=[40.0, 10.0]).write_csv(
        folder / "institutional.csv"
    )
    _cells(
        area=list(AREAS), stock=[31000.0, 16000.0, 40000.0], vacant_usable=[300.0, 50.0, 100.0]
    ).write_csv(folder / "dwellings.csv")
    _cells(
        area=["01", "02", "03"], year=[2026, 2027, 2030], dwellings=[400.0, 250.0, 900.0]
    ).write_csv(folder / "completions_plan.csv")
    return folder
