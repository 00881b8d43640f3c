"""The layer contracts of ARCHITECTURE.md hold, and import-linter catches a breach."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layer_contracts_hold():
    result = _lint(REPO, REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_django_import_in_analytics_breaks_the_contract(tmp_path):
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    shutil.copytree(
        REPO / "src" / "wohnbuendnis",
        tmp_path / "src" / "wohnbuendnis",
        ignore=shutil.ignore_patterns("__pycache__", "tests", "static", "templates"),
    )
    (tmp_path / "src/wohnbuendnis/analytics/leak.py").write_text("import django  # noqa\n")
    result = _lint(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "analytics is pure" in result.stdout
    assert "wohnbuendnis.analytics.leak -> django" in result.stdout
