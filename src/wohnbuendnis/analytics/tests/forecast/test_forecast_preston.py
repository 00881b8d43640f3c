"""ccmpp-un, step 5: Preston, Heuveline & Guillot (2001) Box 6.2 reproduced exactly."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl

from wohnbuendnis.analytics.forecast import kernels, project, read_inputs


def _numbers(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", text)]


def parse_box(path: Path) -> dict[str, list[float]]:
    """The table and the published outputs of ``preston-box-6-2.md``."""
    text = path.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if re.match(r"\| \d+(–\d+|\+) \|", line)]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    female = re.search(r"female population by group: ([\d,\s]+)", text)
    male = re.search(r"group 0–4 = (\d+)", text)
    births = re.search(r"15–19 … 45–49: ([\d,\s]+)", text)
    assert female and male and births
    return {
        "age": [float(re.match(r"\d+", c[0]).group()) for c in cells],  # type: ignore[union-attr]
        "P0": [float(c[1]) for c in cells],
        "Lx": [float(c[2]) for c in cells],
        "net": [float(c[3]) for c in cells],
        "Fx": [float(c[4]) if c[4] else 0.0 for c in cells],
        "female": [float(x) for x in _numbers(female.group(1))],
        "male0": [float(male.group(1))],
        "births": [float(x) for x in _numbers(births.group(1))],
    }


def write_box_inputs(box: dict[str, list[float]], folder: Path) -> Path:
    folder.mkdir()
    (folder / "scenario.toml").write_text(
        'method = "ccmpp-un"\nbase_year = 1993\nhorizon = 1998\nstep = 5\n'
        "sex_ratio_at_birth = 1.05\nl0 = 100000\n",
        encoding="utf-8",
    )
    n = len(box["age"])
    both = {"sex": ["f"] * n + ["m"] * n, "age": [int(a) for a in box["age"]] * 2}
    pl.DataFrame({"area": ["SE"] * 2 * n, **both, "count": box["P0"] * 2}).write_csv(
        folder / "population.csv"
    )
    pl.DataFrame({**both, "Lx": box["Lx"] * 2}).write_csv(folder / "lifetable.csv")
    pl.DataFrame({"area": ["SE"] * 2 * n, **both, "net": box["net"] * 2}).write_csv(
        folder / "migration.csv"
    )
    fertile = [(int(a), f) for a, f in zip(box["age"], box["Fx"], strict=True) if f > 0]
    pl.DataFrame({"age": [a for a, _ in fertile], "asfr": [f for _, f in fertile]}).write_csv(
        folder / "fertility.csv"
    )
    return folder


def test_box_6_2_is_reproduced_exactly(published_checks: Path, tmp_path: Path) -> None:
    box = parse_box(published_checks / "preston-box-6-2.md")
    inputs = read_inputs(write_box_inputs(box, tmp_path / "in"))
    result = project(inputs)
    population = result.runs[0].population
    female = np.rint(population[1, 0, 0])
    male = np.rint(population[1, 0, 1])
    np.testing.assert_array_equal(female, box["female"])
    np.testing.assert_array_equal(male, [box["male0"][0], *box["female"][1:]])

    start = population[0] + 0.5 * np.asarray(box["net"])
    births = kernels.ccmpp_births(start, population[1], np.asarray(box["Fx"]), 5)[0]
    np.testing.assert_array_equal(np.rint(births[3:10]), box["births"])
    # components: births by sex add up to the published births (7 rounded numbers: ±3.5)
    flows = result.runs[0].flows[0, 0]
    assert abs(flows[:, 0].sum() - sum(box["births"])) <= 3.5


def test_box_6_2_table_has_the_published_shape(published_checks: Path) -> None:
    box = parse_box(published_checks / "preston-box-6-2.md")
    assert len(box["age"]) == 18 and box["age"][-1] == 85
    assert len(box["female"]) == 18 and len(box["births"]) == 7
