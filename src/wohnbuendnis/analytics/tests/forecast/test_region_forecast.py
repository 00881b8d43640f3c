"""The region-wide forecast's pure part (issue 15, item 4): age groups split into single ages
keeping every group and the total, an input folder the engine reads, and a demand table whose
region row is exactly the sum of its municipalities."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from wohnbuendnis.analytics.forecast import ForecastResult, project, read_inputs
from wohnbuendnis.analytics.forecast import region as R


def test_age_groups_are_split_by_the_standard_shape_and_kept_exactly() -> None:
    shape = R.standard_structure()
    assert shape.sum() == pytest.approx(1.0)
    assert shape[1, 0] / shape[0, 0] == pytest.approx(R.SEX_RATIO_AT_BIRTH, rel=1e-3)
    groups = [R.AgeGroup(0, 17, 1800.0), R.AgeGroup(65, 100, 2400.0), R.AgeGroup(18, 24, 300.0, 0)]
    cells = R.split_ages(10_000.0, groups, shape)
    assert cells.sum() == pytest.approx(10_000.0, abs=1e-9)
    assert cells[:, :18].sum() == pytest.approx(1800.0, abs=1e-9)
    assert cells[:, 65:].sum() == pytest.approx(2400.0, abs=1e-9)
    assert cells[0, 18:25].sum() == pytest.approx(300.0, abs=1e-9)
    # within a group the single ages follow the standard shape
    assert cells[0, 70] / cells[0, 90] == pytest.approx(shape[0, 70] / shape[0, 90])
    # the rest (men 18–24 and everyone 25–64) by the shape, too
    assert cells[:, 25:65].sum() + cells[1, 18:25].sum() == pytest.approx(5500.0, abs=1e-9)


def test_uniform_split_gives_every_age_of_a_group_the_same_number() -> None:
    cells = R.split_ages(1000.0, [R.AgeGroup(0, 9, 100.0)], uniform=True)
    by_age = cells[:, :10].sum(axis=0)
    assert np.allclose(by_age, 10.0)


def test_overlapping_or_too_large_groups_are_refused() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        R.split_ages(100.0, [R.AgeGroup(0, 20, 10.0), R.AgeGroup(18, 30, 10.0)])
    with pytest.raises(ValueError, match="more persons"):
        R.split_ages(100.0, [R.AgeGroup(0, 20, 80.0), R.AgeGroup(21, 30, 30.0)])


def test_shares_give_the_broad_groups() -> None:
    assert R.groups_from_shares(1000.0, 17.0, 22.0, 7.0) == [
        R.AgeGroup(0, 17, 170.0), R.AgeGroup(65, 79, 150.0), R.AgeGroup(80, 100, 70.0)
    ]  # fmt: skip
    assert R.groups_from_shares(1000.0, over_65=20.0) == [R.AgeGroup(65, 100, 200.0)]
    assert R.groups_from_shares(1000.0) == []


def test_permits_count_as_completions_two_years_later_unless_completions_are_planned() -> None:
    permits = R.planned_completions(2024, 2030, {}, {2023: 10.0, 2024: 20.0, 2020: 99.0})
    assert permits.tolist() == [10.0, 20.0, 0, 0, 0, 0]
    planned = R.planned_completions(2024, 2030, {2027: 50.0}, {2024: 20.0})
    assert planned.tolist() == [0, 0, 50.0, 0, 0, 0]


def municipalities(n: int = 4, households_of_first: float = math.nan) -> R.Municipalities:
    rng = np.random.default_rng(3)
    population = np.round(rng.uniform(1_000, 40_000, n))
    households = population / 2.05
    households[0] = households_of_first if not math.isnan(households_of_first) else households[0]
    completions = np.zeros((n, 30))
    completions[0, 2] = 250.0
    return R.Municipalities(
        keys=tuple(f"0699900{i}" for i in range(n)),
        base_year=2024,
        groups=tuple(tuple(R.groups_from_shares(p, 16.0, 22.0, 7.0)) for p in population),
        population=population,
        households=households,
        dwellings=np.round(population / 2.3),
        in_migration=population * 0.07,
        out_migration=population * 0.05,
        completions=completions,
    )


def _table(tmp_path: Path, m: R.Municipalities) -> tuple[R.DemandTable, ForecastResult]:
    R.write_region_folder(m, tmp_path, 2054)
    inputs = read_inputs(tmp_path)
    result = project(inputs)
    assert inputs.dwellings is not None
    return R.demand_of_result(result, inputs.dwellings.completions), result


def test_the_region_is_the_exact_sum_of_its_municipalities(tmp_path: Path) -> None:
    m = municipalities()
    table, result = _table(tmp_path, m)
    run = result.runs[0]
    # the engine: the base population is the monitoring's, per municipality
    assert np.allclose(run.population[0].sum(axis=(1, 2)), m.population)
    # the table: whole units, the region row the sum of the rows, field by field
    for field in ("population_start", "population_end", "households_start", "households_end"):
        assert getattr(table.total, field) == sum(getattr(r, field) for r in table.rows)
    for field in ("need", "small", "completions"):
        assert list(getattr(table.total, field)) == [
            sum(r) for r in zip(*(getattr(row, field) for row in table.rows), strict=True)
        ]
    assert table.total.population_start == int(m.population.sum())
    assert table.periods[0] == (2025, 2029) and table.periods[-1] == (2050, 2054)
    assert table.rows[0].completions[0] == 250
    assert all(r.small_total <= r.need_total for r in table.rows)
    assert table.total.need_total > 0
    assert table.total.need_total == sum(p[2] for p in table.period_rows)


def test_a_changed_input_changes_only_its_municipality(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _ = _table(tmp_path / "a", municipalities())
    more = municipalities(households_of_first=float(municipalities().households[0]) * 1.1)
    second, _ = _table(tmp_path / "b", more)
    assert second.rows[0].households_start != first.rows[0].households_start
    assert second.rows[0].need_total > first.rows[0].need_total
    assert second.rows[1:] == first.rows[1:]
