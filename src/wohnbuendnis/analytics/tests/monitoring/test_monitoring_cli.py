"""``wohnbuendnis index`` and ``wohnbuendnis evaluate``: exit codes, atomic output and
byte-identical results (spec/cli.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wohnbuendnis import cli

CONFIG = """
indicators = ["sgb2_rate", "unemployment_rate"]
year = 2024
dynamics_lag = 2
min_population = 300
"""


@pytest.fixture(autouse=True)
def only_our_subcommands(monkeypatch: pytest.MonkeyPatch) -> None:
    # Other subcommands (web, forecast, …) are tested by their owners and may need Django.
    monkeypatch.setattr(cli, "SUBCOMMAND_MODULES", ["index", "evaluate"])


def write_inputs(folder: Path) -> tuple[Path, Path]:
    rows = ["indicator,area,year,value"]
    for i, area in enumerate(["01", "02", "03", "04", "05", "06"]):
        population = 150 if area == "06" else 1000 + 100 * i
        rows.append(f"population,{area},2024,{population}")
        for year, shift in ((2022, 0.0), (2024, 0.5 * i)):
            rows.append(f"sgb2_rate,{area},{year},{5 + 3 * i + shift}")
            rows.append(f"unemployment_rate,{area},{year},{4 + (i * 7) % 5 + shift}")
    observations = folder / "observations.csv"
    observations.write_text("\n".join(rows) + "\n", encoding="utf-8")
    config = folder / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return observations, config


def test_index_writes_the_contract_columns_and_is_byte_identical(tmp_path: Path) -> None:
    observations, config = write_inputs(tmp_path)
    outs = [tmp_path / "a" / "index.csv", tmp_path / "b" / "index.csv"]
    for out in outs:
        args = ["index", "--input", str(observations), "--config", str(config), "--out", str(out)]
        assert cli.main(args) == 0
    first, second = (out.read_bytes() for out in outs)
    assert first == second
    lines = first.decode().splitlines()
    assert lines[0] == (
        "area,population,scored,note,status_index,status_class,dynamics_index,dynamics_class,"
        "group,conspicuous,z_sgb2_rate,z_unemployment_rate,dz_sgb2_rate,dz_unemployment_rate"
    )
    assert len(lines) == 7
    assert lines[-1] == "06,150,0,small,,,,,,0,,,,"
    assert [p.name for p in outs[0].parent.iterdir()] == ["index.csv"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("observations", "line 5, column 'value'"),
        ("config", "column 'year'"),
        ("indicator", "'child_poverty_rate'"),
    ],
)
def test_index_invalid_input_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, message: str
) -> None:
    observations, config = write_inputs(tmp_path)
    if bad == "observations":
        lines = observations.read_text().splitlines()
        lines[4] = lines[4].rsplit(",", 1)[0] + ",zwölf"
        observations.write_text("\n".join(lines) + "\n")
    elif bad == "config":
        config.write_text(CONFIG.replace("year = 2024", 'year = "2024"'))
    else:
        config.write_text(CONFIG.replace('"unemployment_rate"]', '"child_poverty_rate"]'))
    out = tmp_path / "out" / "index.csv"
    out.parent.mkdir()
    args = ["index", "--input", str(observations), "--config", str(config), "--out", str(out)]
    assert cli.main(args) == 2
    assert message in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []


def test_index_keeps_an_earlier_result_when_the_new_run_fails(tmp_path: Path) -> None:
    observations, config = write_inputs(tmp_path)
    out = tmp_path / "index.csv"
    args = ["index", "--input", str(observations), "--config", str(config), "--out", str(out)]
    assert cli.main(args) == 0
    before = out.read_bytes()
    observations.write_bytes(observations.read_bytes() + b"population,07,2024,-5\n")
    assert cli.main(args) == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "config.toml",
        "index.csv",
        "observations.csv",
    ]


TARGETS = """goal,indicator,area,year_from,year_to,target,kind,direction,tolerance
muc,building_rights,M,2014,2014,3500,annual,up,
bau,completions,M,2013,2015,3000,cumulative,up,0.1
"""
ACTUALS = """indicator,area,year,value
building_rights,M,2014,3982
completions,M,2013,900
completions,M,2014,1200
"""


def test_evaluate_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "targets.csv").write_text(TARGETS + "nix,permits,M,2014,2014,5,annual,,\n")
    (tmp_path / "actuals.csv").write_text(ACTUALS)
    outs = [tmp_path / "e1.csv", tmp_path / "e2.csv"]
    for out in outs:
        args = ["evaluate", "--targets", str(tmp_path / "targets.csv")]
        args += ["--actuals", str(tmp_path / "actuals.csv"), "--out", str(out)]
        assert cli.main(args) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert outs[0].read_text().splitlines() == [
        "goal,year,actual,target,ratio,result,good,required_per_year",
        "muc,2014,3982,3500,1.137714,ueber,1,",
        "bau,2013,900,1000,0.9,erreicht,1,1050",
        "bau,2014,2100,2000,1.05,erreicht,1,900",
    ]
    assert "'nix'" in capsys.readouterr().err


def test_evaluate_invalid_targets_exit_2_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "targets.csv").write_text(TARGETS.replace("annual,up,", "jaehrlich,up,"))
    (tmp_path / "actuals.csv").write_text(ACTUALS)
    out = tmp_path / "out" / "evaluation.csv"
    args = ["evaluate", "--targets", str(tmp_path / "targets.csv")]
    args += ["--actuals", str(tmp_path / "actuals.csv"), "--out", str(out)]
    assert cli.main(args) == 2
    assert "line 2, column 'kind'" in capsys.readouterr().err
    assert not out.exists()


def test_help_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("index", "evaluate"):
        with pytest.raises(SystemExit) as caught:
            cli.main([command, "--help"])
        assert caught.value.code == 0
        text = capsys.readouterr().out
        assert "Ergebnis / output" in text
