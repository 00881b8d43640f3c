"""The region-wide forecast of the Wetteraukreis (25 municipalities) from the official tables of
``../shared/data/real``: with the Regionaldatenbank's age groups (12411-02-03-5) each
municipality starts with its own shares under 18, 65+ and 75+ and its women, without them all
with the standard shape."""

from __future__ import annotations

import numpy as np
import pytest

from wohnbuendnis.forecast import archive, region, services
from wohnbuendnis.monitoring import services as monitoring
from wohnbuendnis.monitoring.models import ImportKind
from wohnbuendnis.monitoring.tests.test_regional_real_data import (
    AGE_TABLE,
    FROM_65,
    TABLES,
    UNDER_18,
    cut,
    in_wetterau,
    tidy_age_groups,
    wetterau,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.django_db


def _base(alliance, title: str) -> dict[str, np.ndarray]:
    """Persons ``[sex, age]`` per municipality in the base year of a new run's inputs."""
    run = services.create_region_run(alliance, None, title=title)
    inputs = archive.read_archive(run.inputs.archive)
    assert inputs.base_year == 2015 and len(inputs.areas) == 25
    return dict(zip(inputs.areas, inputs.population, strict=True))


def _import(alliance, path) -> None:
    preview = monitoring.preview_import(alliance, path, ImportKind.GENESIS)
    assert preview.ok, [str(problem) for problem in preview.problems]
    monitoring.commit_import(alliance, path, ImportKind.GENESIS)


def test_the_region_forecast_starts_from_each_municipalitys_age_groups(
    real_data,
    wetterau,  # noqa: F811 (the fixture)
    tmp_path,
):
    path = cut(real_data, TABLES["population"], tmp_path, in_wetterau)
    _import(wetterau, path)
    before = _base(wetterau, "ohne Altersgruppen")
    # Without age groups every municipality has the standard shape within each sex (12411-01-01-5
    # gives its women and men): the same share of 65+ among its women, and among its men.
    for sex in (0, 1):
        shares = [people[sex, 65:].sum() / people[sex].sum() for people in before.values()]
        assert max(shares) - min(shares) < 1e-9

    path = cut(real_data, AGE_TABLE, tmp_path, in_wetterau)
    _import(wetterau, path)
    after = _base(wetterau, "mit Altersgruppen")
    tidy = tidy_age_groups(real_data)
    for key, people in after.items():
        row = tidy[key, "total"]
        assert people.sum() == pytest.approx(int(row["total"]))
        assert people[:, :18].sum() == pytest.approx(sum(int(row[g]) for g in UNDER_18))
        assert people[:, 65:].sum() == pytest.approx(sum(int(row[g]) for g in FROM_65))
    # Bad Vilbel (06440003) is larger than Bad Nauheim (06440002), but Bad Nauheim's share of
    # 65+ is 24.7 % against 19.4 %: it starts with more old people (7,807 against 6,419).
    nauheim, vilbel = after["06440002"], after["06440003"]
    assert vilbel.sum() > nauheim.sum()
    assert nauheim[:, 65:].sum() == pytest.approx(7_807)
    assert vilbel[:, 65:].sum() == pytest.approx(6_419)
    assert before["06440002"][:, 65:].sum() < before["06440003"][:, 65:].sum()


def test_each_municipality_starts_with_its_own_women_and_persons_aged_75_and_more(
    real_data,
    wetterau,  # noqa: F811 (the fixture)
    tmp_path,
):
    _import(wetterau, cut(real_data, TABLES["population"], tmp_path, in_wetterau))
    _import(wetterau, cut(real_data, AGE_TABLE, tmp_path, in_wetterau))
    # the figures the run starts from: 65–74 and 75–100 from 12411-02-03-5, and the women
    _places, data = region.figures(wetterau.area)
    index = data.keys.index("06440002")
    assert [(g.low, g.high) for g in data.groups[index]] == [(0, 17), (65, 74), (75, 100)]
    assert data.women[index] == 16_728
    tidy = tidy_age_groups(real_data)
    base = _base(wetterau, "mit Frauen und 75+")
    for key, people in base.items():
        total, female = tidy[key, "total"], tidy[key, "female"]
        assert people.sum() == pytest.approx(int(total["total"]), abs=0.5)
        assert people[0].sum() == pytest.approx(int(female["total"]), abs=0.5)  # women first
        assert people[:, 75:].sum() == pytest.approx(int(total["age_75_plus"]), abs=0.5)
        assert people[:, 65:75].sum() == pytest.approx(int(total["age_65_75"]), abs=0.5)
    # Bad Nauheim by hand: 16,728 women of 31,630 inhabitants, 4,183 aged 75 and more
    nauheim = base["06440002"]
    assert nauheim[0].sum() == pytest.approx(16_728, abs=0.5)
    assert nauheim[:, 75:].sum() == pytest.approx(4_183, abs=0.5)
    assert nauheim.sum() == pytest.approx(31_630, abs=0.5)
