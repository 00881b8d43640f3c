"""The region-wide forecast of the Wetteraukreis (25 municipalities) from the official tables of
``../shared/data/real``: with the Regionaldatenbank's age groups (12411-02-03-5) each
municipality starts with its own shares under 18 and 65+, without them all with the standard
shape."""

from __future__ import annotations

import numpy as np
import pytest

from wohnbuendnis.forecast import archive, services
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
    # Without age groups every municipality has the standard shape: the same share of 65+.
    shares = {key: people[:, 65:].sum() / people.sum() for key, people in before.items()}
    assert max(shares.values()) - min(shares.values()) < 1e-9

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
