"""``wohnbuendnis forecast``: outputs, byte-identical reruns, and every kind of bad input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from wohnbuendnis.analytics.forecast import project, read_inputs
from wohnbuendnis.analytics.io.errors import InputError
from wohnbuendnis.cli import main

OUTPUTS = {
    "population.csv",
    "components.csv",
    "households.csv",
    "households_by_size.csv",
    "housing_demand.csv",
    "quantiles.csv",
    "run.json",
}


def test_command_writes_every_output_and_reruns_byte_identical(city: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        code = main(["forecast", "--input", str(city), "--out", str(out), "--draws", "30"])
        assert code == 0
    assert {p.name for p in first.iterdir()} == OUTPUTS
    for name in OUTPUTS - {"run.json"}:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    population = pl.read_csv(first / "population.csv")
    assert population.columns == ["scenario", "area", "year", "sex", "age", "count"]
    assert population.height == 2 * 3 * 11 * 2 * 101  # scenarios × areas × years × sexes × ages
    demand = pl.read_csv(first / "housing_demand.csv")
    assert demand.columns[3:] == [
        "households",
        "target_stock",
        "stock",
        "additional",
        "replacement",
        "backlog",
        "vacancy_credit",
        "new_construction_need",
        "balance",
    ]


def test_scenario_option_and_parquet(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(
            [
                "forecast",
                "--input",
                str(city),
                "--out",
                str(out),
                "--scenario",
                "hoch",
                "--format",
                "parquet",
            ]
        )
        == 0
    )
    frame = pl.read_parquet(out / "population.parquet")
    assert frame["scenario"].unique().to_list() == ["hoch"]


def _edit(file: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def _replace_line(file: str, line: int, text: str) -> Callable[[Path], None]:
    def edit(content: str) -> str:
        lines = content.splitlines()
        lines[line - 1] = text
        return "\n".join(lines) + "\n"

    return _edit(file, edit)


def _remove(file: str) -> Callable[[Path], None]:
    return lambda folder: (folder / file).unlink()


def _bump_first_share(text: str) -> str:
    lines = text.splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",0.5"
    return "\n".join(lines) + "\n"


BAD_INPUTS = {
    "missing file": (_remove("mortality.csv"), "mortality.csv", None, None),
    "missing column": (
        _edit("population.csv", lambda t: t.replace("count", "persons", 1)),
        "population.csv",
        1,
        "count",
    ),
    "unknown sex": (_replace_line("population.csv", 5, "01,x,3,10"), "population.csv", 5, "sex"),
    "age out of range": (
        _replace_line("population.csv", 7, "01,f,101,10"),
        "population.csv",
        7,
        "age",
    ),
    "negative count": (
        _replace_line("population.csv", 9, "01,f,7,-1"),
        "population.csv",
        9,
        "count",
    ),
    "rate above 1": (_replace_line("mortality.csv", 4, "f,2,1.5"), "mortality.csv", 4, "qx"),
    "duplicate key": (_replace_line("mortality.csv", 4, "f,0,0.003"), "mortality.csv", 4, None),
    "shares not summing to 1": (
        _edit("migration.csv", _bump_first_share),
        "migration.csv",
        None,
        "move_in_share",
    ),
    "horizon before base year": (
        _edit("scenario.toml", lambda t: t.replace("horizon = 2034", "horizon = 2020")),
        "scenario.toml",
        3,
        "horizon",
    ),
    "multiplier path with a gap": (
        _edit("scenario.toml", lambda t: t.replace("2034 = 1.2", "2030 = 1.2")),
        "scenario.toml",
        13,
        "immigration",
    ),
    "household sizes not summing to 1": (
        _replace_line("household_sizes.csv", 2, "18,29,0.6,0.3,0.07,0.02,0.5"),
        "household_sizes.csv",
        2,
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_file_line_column_and_exits_2(
    case: str, city: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate, file, line, column = BAD_INPUTS[case]
    mutate(city)
    with pytest.raises(InputError) as info:
        read_inputs(city)
    assert info.value.file == file
    assert info.value.line == line
    assert info.value.column == column
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier content", encoding="utf-8")
    assert main(["forecast", "--input", str(city), "--out", str(out)]) == 2
    message = capsys.readouterr().err
    assert file in message and "Traceback" not in message
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_rates_summing_above_one_name_the_line(city: Path) -> None:
    path = city / "migration.csv"
    frame = pl.read_csv(path, schema_overrides={"area": pl.String})
    rate = pl.when(pl.col("age") == 30).then(0.95).otherwise(pl.col("emigration_rate"))
    frame.with_columns(emigration_rate=rate).write_csv(path)
    with pytest.raises(InputError) as info:
        read_inputs(city)
    assert (info.value.line, info.value.column) == (32, "move_out_rate")


def test_flows_that_would_make_a_count_negative_are_an_input_error(city: Path) -> None:
    inputs = read_inputs(city)
    rates = inputs.rates
    assert rates.emigration_rate is not None and rates.move_out_rate is not None
    everybody_leaves = replace(
        rates,
        emigration_rate=replace(
            rates.emigration_rate, values=np.ones_like(rates.emigration_rate.values)
        ),
        move_out_rate=replace(
            rates.move_out_rate, values=np.zeros_like(rates.move_out_rate.values)
        ),
        immigrants=replace(rates.immigrants, values=np.zeros_like(rates.immigrants.values)),
    )
    with pytest.raises(InputError, match="would become"):
        project(replace(inputs, rates=everybody_leaves))


def test_unknown_scenario_is_exit_2(city: Path, tmp_path: Path) -> None:
    assert main(["forecast", "--input", str(city), "--out", str(tmp_path), "--scenario", "x"]) == 2


def test_backtest_and_housing_led_options(city: Path, tmp_path: Path) -> None:
    base = pl.read_csv(city / "population.csv", schema_overrides={"area": pl.String})
    earlier = base.with_columns(pl.col("count") * 0.98, year=pl.lit(2023))
    pl.concat([base.with_columns(year=pl.lit(2024)), earlier]).write_csv(city / "population.csv")
    out = tmp_path / "bt"
    assert main(["forecast", "--input", str(city), "--out", str(out), "--backtest", "2023"]) == 0
    summary = pl.read_csv(out / "backtest_summary.csv")
    assert summary.columns == ["scenario", "area", "year", "ape_total", "weighted_ape"]
    assert summary["year"].unique().to_list() == [2024]
    assert (summary["ape_total"] > 0).all()
    led = tmp_path / "led"
    assert main(["forecast", "--input", str(city), "--out", str(led), "--housing-led"]) == 0
    assert (led / "housing_demand.csv").is_file()
    assert main(["forecast", "--input", str(city), "--out", str(led), "--backtest", "2000"]) == 2
