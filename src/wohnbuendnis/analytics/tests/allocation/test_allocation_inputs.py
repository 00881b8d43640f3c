"""Invalid inputs: every case names file, line, column and what was expected; the CLI exits 2
and leaves no output. Valid runs: outputs written, byte-identical for the same seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from wohnbuendnis import cli
from wohnbuendnis.analytics.io.allocation_files import (
    read_applicants,
    read_flats,
    read_preferences,
)
from wohnbuendnis.analytics.io.allocation_scheme import read_scheme
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.analytics.tests.allocation.allocation_data import write_inputs

# (file, line to change (1 = header), column, new value, expected line, expected column)
# Applicant lines: 2 A, 3 B, 4 C, 5 D, 6 E, 7 F. Flat lines: 2 W2, 3 W1, 4 W3.
CELL_CASES = [
    ("applicants", 5, "household_id", "A", 5, "household_id"),
    ("applicants", 4, "household_id", "", 4, "household_id"),
    ("applicants", 4, "registered_on", "2022-13-01", 4, "registered_on"),
    ("applicants", 2, "persons", "0", 2, "persons"),
    ("applicants", 3, "children", "-1", 3, "children"),
    ("applicants", 5, "children", "4", 5, "children"),
    ("applicants", 2, "income_eur", "abc", 2, "income_eur"),
    ("applicants", 2, "income_eur", "-5", 2, "income_eur"),
    ("applicants", 6, "entitlement_valid_until", "31.12.2026", 6, "entitlement_valid_until"),
    ("applicants", 3, "rent_cap_eur", "-1", 3, "rent_cap_eur"),
    ("applicants", 3, "needs_step_free", "2", 3, "needs_step_free"),
    ("applicants", 7, "homeless", "yes", 7, "homeless"),
    ("applicants", 4, "lottery", "1.0", 4, "lottery"),
    ("applicants", 5, "lottery", "0.50", 5, "lottery"),
    ("applicants", 1, "income_eur", "income", 1, "income_eur"),
    ("applicants", 1, "single_parent", "lone_parent", 1, "single_parent"),
    ("flats", 3, "wheelchair", "1", 3, "wheelchair"),
    ("flats", 4, "funding_path", "3", 4, "funding_path"),
    ("flats", 3, "flat_id", "W2", 3, "flat_id"),
    ("flats", 2, "area_m2", "0", 2, "area_m2"),
    ("flats", 2, "rent_gross_eur", "510,00", 2, None),
    ("flats", 4, "available_from", "", 4, "available_from"),
    ("flats", 2, "step_free", "ja", 2, "step_free"),
    ("flats", 1, "landlord_id", "owner", 1, "landlord_id"),
    ("preferences", 3, "household_id", "Z", 3, "household_id"),
    ("preferences", 2, "flat_id", "W9", 2, "flat_id"),
    ("preferences", 4, "rank", "0", 4, "rank"),
    ("preferences", 4, "flat_id", "W2", 4, "flat_id"),
    ("preferences", 4, "rank", "1", 4, "rank"),
]

# (text to replace in scheme.toml, replacement, expected line, expected column)
SCHEME_CASES = [
    ("nominees_per_flat = 3", "nominees_per_flat = 2", 1, "nominees_per_flat"),
    ('"lottery_asc"]', '"age_desc"]', 4, "tie_break"),
    ('"2" = 1.6', '"2" = -1.6', 18, "income_limits.paths.2"),
    ("max_points = 80", "", None, "max_points"),
    ("homeless = 60", "homeless = sixty", 7, None),
    ("overcrowded = 30", "overcrowded = -30", 8, "criteria.overcrowded"),
    ("3 = 75", "4 = 75", 21, "size_rules.max_m2"),
    ('reference_date = "2026-01-01"', 'reference_date = "01.01.2026"', 2, "reference_date"),
]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    return write_inputs(tmp_path)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def read_all(inputs: dict[str, Path]) -> None:
    scheme = read_scheme(inputs["scheme"])
    households = read_applicants(inputs["applicants"], scheme)
    flats = read_flats(inputs["flats"], scheme)
    read_preferences(inputs["preferences"], households, flats)


def run_cli(
    monkeypatch: pytest.MonkeyPatch, inputs: dict[str, Path], out: Path, *extra: str
) -> int:
    monkeypatch.setattr(cli, "SUBCOMMAND_MODULES", ["allocate"])
    argv = ["allocate", "--out", str(out), *extra]
    for key in ("applicants", "flats", "scheme", "preferences"):
        argv += [f"--{key}", str(inputs[key])]
    return cli.main(argv)


def check(
    error: InputError, inputs: dict[str, Path], file: str, line: int | None, column: str | None
) -> None:
    assert error.file == str(inputs[file])
    assert (error.line, error.column) == (line, column)
    assert error.expected


@pytest.mark.parametrize(("file", "at", "column", "value", "line", "named"), CELL_CASES)
def test_invalid_cells_are_located(
    inputs: dict[str, Path],
    file: str,
    at: int,
    column: str,
    value: str,
    line: int,
    named: str | None,
) -> None:
    set_cell(inputs[file], at, column, value)
    with pytest.raises(InputError) as caught:
        read_all(inputs)
    check(caught.value, inputs, file, line, named)


@pytest.mark.parametrize(("old", "new", "line", "column"), SCHEME_CASES)
def test_invalid_scheme_is_located(
    inputs: dict[str, Path], old: str, new: str, line: int | None, column: str | None
) -> None:
    text = inputs["scheme"].read_text(encoding="utf-8")
    assert old in text
    inputs["scheme"].write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_all(inputs)
    check(caught.value, inputs, "scheme", line, column)


def test_missing_file_and_bad_encoding(inputs: dict[str, Path]) -> None:
    inputs["flats"].unlink()
    with pytest.raises(InputError) as caught:
        read_all(inputs)
    assert caught.value.file == str(inputs["flats"])
    inputs["flats"].write_bytes(b"flat_id\nW\xe4\n")
    with pytest.raises(InputError) as caught:
        read_all(inputs)
    assert caught.value.line == 2


def test_quoted_newline_keeps_physical_lines(inputs: dict[str, Path]) -> None:
    text = inputs["applicants"].read_text(encoding="utf-8").replace(",x\n", ',"two\nlines"\n')
    inputs["applicants"].write_text(
        text.replace("B,2023-01-01,2,1", "B,2023-01-01,0,1"), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_all(inputs)
    # Row A spans lines 2–3, so B starts on physical line 4.
    assert (caught.value.line, caught.value.column) == (4, "persons")


@pytest.mark.parametrize("case", [CELL_CASES[0], CELL_CASES[16], CELL_CASES[24]])
def test_cli_exits_2_and_writes_nothing(
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, int, str, str, int, str],
) -> None:
    file, at, column, value, line, _ = case
    set_cell(inputs[file], at, column, value)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, inputs, out, "--mechanism", "deferred-acceptance") == 2
    assert not out.exists() or not any(out.iterdir())
    message = capsys.readouterr().err
    assert f"{inputs[file]}, line {line}, column '{column}'" in message
    assert "Traceback" not in message


def test_cli_deferred_acceptance_needs_preferences(
    inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "SUBCOMMAND_MODULES", ["allocate"])
    argv = ["allocate", "--out", str(tmp_path / "o"), "--mechanism", "deferred-acceptance"]
    argv += [f"--{k}={inputs[k]}" for k in ("applicants", "flats", "scheme")]
    assert cli.main(argv) == 2


@pytest.mark.parametrize(
    ("mechanism", "main_file"),
    [
        ("shortlist", "nominations.csv"),
        ("optimal", "assignment.csv"),
        ("deferred-acceptance", "assignment.csv"),
    ],
)
def test_cli_same_seed_gives_byte_identical_outputs(
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mechanism: str,
    main_file: str,
) -> None:
    outs = [tmp_path / "one", tmp_path / "two"]
    for out in outs:
        assert run_cli(monkeypatch, inputs, out, "--mechanism", mechanism, "--seed", "11") == 0
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted([main_file, "unplaced.csv", "audit.json", "run.json"])
    for name in names:
        if name != "run.json":
            assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    assert "household_id,reason,flat_id\n" in (outs[0] / "unplaced.csv").read_text()
