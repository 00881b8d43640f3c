"""The region-wide forecast's pure part (issue 15, item 4): age groups split into single ages
keeping every group and the total, an input folder the engine reads, and a demand table whose
region row is exactly the sum of its municipalities."""

from __future__ import annotations

import math
from dataclasses import replace
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
    assert R.groups_from_shares(1000.0, 17.0, {65: 22.0, 80: 7.0}) == [
        R.AgeGroup(0, 17, 170.0), R.AgeGroup(65, 79, 150.0), R.AgeGroup(80, 100, 70.0)
    ]  # fmt: skip
    assert R.groups_from_shares(1000.0, from_age={65: 20.0}) == [R.AgeGroup(65, 100, 200.0)]
    assert R.groups_from_shares(1000.0) == []
    assert R.groups_from_shares(1000.0, math.nan, {65: math.nan, 80: math.nan}) == []


def test_the_finest_old_age_groups_reported_are_used() -> None:
    nan = math.nan
    # 12411-02-03-5 gives 65+ and 75+: 65–74 and 75–100
    assert R.groups_from_shares(1000.0, 15.0, {65: 24.0, 75: 13.0, 80: nan}) == [
        R.AgeGroup(0, 17, 150.0), R.AgeGroup(65, 74, 110.0), R.AgeGroup(75, 100, 130.0)
    ]  # fmt: skip
    # all three: 65–74, 75–79, 80–100
    groups = R.groups_from_shares(1000.0, from_age={80: 7.0, 65: 24.0, 75: 13.0})
    assert [(g.low, g.high) for g in groups] == [(65, 74), (75, 79), (80, 100)]
    assert [g.count for g in groups] == pytest.approx([110.0, 60.0, 70.0])
    # 75+ alone, and 75+ with 80+
    assert R.groups_from_shares(1000.0, from_age={75: 13.0}) == [R.AgeGroup(75, 100, 130.0)]
    groups = R.groups_from_shares(1000.0, from_age={75: 13.0, 80: 7.0})
    assert [(g.low, g.high) for g in groups] == [(75, 79), (80, 100)]
    # the groups split into single ages keep every group
    cells = R.split_ages(1000.0, R.groups_from_shares(1000.0, 15.0, {65: 24.0, 75: 13.0, 80: 7.0}))
    assert cells[:, 65:75].sum() == pytest.approx(110.0)
    assert cells[:, 75:80].sum() == pytest.approx(60.0)
    assert cells[:, 80:].sum() == pytest.approx(70.0)


def test_contradicting_shares_are_refused_not_made_negative() -> None:
    with pytest.raises(
        R.InconsistentShares, match=r"75\+ \(25 %\) is larger than .* 65\+"
    ) as error:
        R.groups_from_shares(1000.0, 15.0, {65: 24.0, 75: 25.0, 80: 7.0})
    assert (error.value.younger, error.value.older) == (65, 75)
    assert (error.value.younger_share, error.value.older_share) == (24.0, 25.0)
    with pytest.raises(R.InconsistentShares):  # 80+ above 75+, 65+ not reported
        R.groups_from_shares(1000.0, from_age={75: 6.0, 80: 7.0})
    with pytest.raises(ValueError, match="negative"):
        R.groups_from_shares(1000.0, from_age={65: -1.0})
    # equal shares are no contradiction: an empty group
    assert R.groups_from_shares(1000.0, from_age={65: 10.0, 75: 10.0})[0].count == 0.0


GROUPS = [R.AgeGroup(0, 17, 1600.0), R.AgeGroup(65, 74, 1100.0), R.AgeGroup(75, 100, 1300.0)]


def test_the_women_are_raked_in_keeping_every_group_and_the_total() -> None:
    # Bad Nauheim-like: an old town with more women than the standard shape gives
    plain = R.split_ages(10_000.0, GROUPS)
    assert 5_000 < plain[0].sum() < 5_100  # the standard shape's women
    cells = R.split_ages(10_000.0, GROUPS, women=5_400.0)
    assert (cells >= 0).all()
    assert cells[0].sum() == pytest.approx(5_400.0, rel=1e-6)
    assert cells.sum() == pytest.approx(10_000.0, rel=1e-6)
    for low, high, count in ((0, 17, 1600.0), (65, 74, 1100.0), (75, 100, 1300.0)):
        assert cells[:, low : high + 1].sum() == pytest.approx(count, rel=1e-6)
    assert cells[:, 18:65].sum() == pytest.approx(6_000.0, rel=1e-6)  # the rest
    # both sexes within a group and sex keep the standard shape's proportions
    assert cells[0, 80] / cells[0, 90] == pytest.approx(plain[0, 80] / plain[0, 90])
    # more women than the shape: every group gets more women, none fewer
    for low, high in ((0, 17), (18, 64), (65, 74), (75, 100)):
        assert cells[0, low : high + 1].sum() > plain[0, low : high + 1].sum()


def test_the_women_alone_without_age_groups() -> None:
    cells = R.split_ages(2_000.0, women=1_030.0)
    shape = R.standard_structure()
    assert cells[0].sum() == pytest.approx(1_030.0, rel=1e-6)
    assert cells[1].sum() == pytest.approx(970.0, rel=1e-6)
    # the sexes by their own standard shape
    assert np.allclose(cells[0] / cells[0].sum(), shape[0] / shape[0].sum())
    # uniform groups stay uniform by age when raked
    uniform = R.split_ages(1000.0, [R.AgeGroup(0, 9, 100.0)], uniform=True, women=520.0)
    assert np.allclose(uniform[:, :10].sum(axis=0), 10.0)
    assert uniform[0].sum() == pytest.approx(520.0, rel=1e-6)


def test_without_the_women_nothing_changes() -> None:
    shape = R.standard_structure()
    before = R.split_ages(10_000.0, GROUPS, shape)
    assert np.array_equal(R.split_ages(10_000.0, GROUPS, shape, women=None), before)
    assert np.array_equal(R.split_ages(10_000.0, GROUPS, shape, women=math.nan), before)
    m = municipalities()
    unknown = replace(m, women=np.full(len(m.keys), np.nan))
    assert np.array_equal(
        R.base_population(unknown),
        np.stack(
            [R.split_ages(float(p), g, shape) for p, g in zip(m.population, m.groups, strict=True)]
        ),
    )


def test_women_the_groups_cannot_hold_are_refused() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        R.split_ages(1000.0, women=1200.0)
    # all 0–17 are given as girls: at least 300 women
    with pytest.raises(ValueError, match="do not fit the age groups"):
        R.split_ages(1000.0, [R.AgeGroup(0, 17, 300.0, 0)], women=200.0)
    girls = R.split_ages(1000.0, [R.AgeGroup(0, 17, 300.0, 0)], women=350.0)
    assert (girls[0].sum(), girls[0, :18].sum()) == (pytest.approx(350.0), pytest.approx(300.0))


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
        groups=tuple(
            tuple(R.groups_from_shares(p, 16.0, {65: 22.0, 75: 11.0, 80: 7.0})) for p in population
        ),
        population=population,
        women=np.round(population * 0.51),
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
    # the engine: the base population is the monitoring's, per municipality, and its women
    assert np.allclose(run.population[0].sum(axis=(1, 2)), m.population)
    assert np.allclose(run.population[0][:, 0].sum(axis=1), m.women)
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
