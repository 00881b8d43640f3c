"""Fixtures for every test in the repository (app tests add their own conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("WOHNBUENDNIS_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def real_data() -> Path:
    """``../shared/data/real``: public data sets read in place, never copied into the project.

    A user's fresh clone has no ``../shared``: such tests skip with a message; CI has it.
    """
    path = SHARED / "data" / "real"
    if not path.is_dir():
        pytest.skip(f"real data not found at {path} (set WOHNBUENDNIS_SHARED); runs in CI")
    return path


@pytest.fixture(scope="session")
def published_checks() -> Path:
    """``../shared/data/checks``: published tables a correct implementation must reproduce."""
    path = SHARED / "data" / "checks"
    if not path.is_dir():
        pytest.skip(f"published checks not found at {path} (set WOHNBUENDNIS_SHARED)")
    return path


def _uses_database(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return marker is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_setup"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _indicator_catalogue(request):
    """Every database test finds the indicator catalogue the data migrations seed.

    A test outside a transaction (a live server, ``transaction=True``) empties the database
    after it, the migrations' rows included; which test runs next on that worker depends on
    the distribution, and an import of official tables needs the catalogue's keys. One query
    when the catalogue is there."""
    if _uses_database(request):
        with request.getfixturevalue("django_db_blocker").unblock():
            from wohnbuendnis.monitoring.services.indicators import ensure_catalogue

            ensure_catalogue()
    yield
