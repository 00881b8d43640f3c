"""Fixtures of the forecast tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from forecast_city import write_city


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """Input folder of the synthetic city."""
    folder: Path = write_city(tmp_path / "input")
    return folder
