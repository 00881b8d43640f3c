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
