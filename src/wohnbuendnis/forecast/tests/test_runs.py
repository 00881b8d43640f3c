"""Run lifecycle and stored results, on the demo forecast and on uploaded inputs."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from polars.testing import assert_frame_equal

from wohnbuendnis.analytics.forecast import project
from wohnbuendnis.forecast import archive, services, tasks
from wohnbuendnis.forecast.models import CITY, ForecastRun, RunStatus

pytestmark = pytest.mark.demo_parts("forecast")


@pytest.fixture
def demo_run(demo_alliance):
    return ForecastRun.objects.get(alliance=demo_alliance)


def _zip(files: dict[str, str]) -> ContentFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in files.items():
            z.writestr(f"eingang/{name}", text)
    return ContentFile(buffer.getvalue(), name="eingang.zip")


def _files(run: ForecastRun) -> dict[str, str]:
    with run.inputs.archive.open("rb") as stored, zipfile.ZipFile(stored) as z:
        return {n: z.read(n).decode() for n in z.namelist()}


def test_demo_run_went_queued_running_done(demo_run):
    assert demo_run.status == RunStatus.DONE
    assert demo_run.progress == 100
    assert demo_run.published
    steps = [(h.from_status, h.to_status) for h in demo_run.history.all()][:3]
    assert steps == [("", "wartend"), ("wartend", "laeuft"), ("laeuft", "fertig")]
    scenarios = set(demo_run.rows.values_list("scenario", flat=True))
    assert scenarios == {"niedrig", "mittel", "hoch"}
    base = demo_run.rows.get(scenario="mittel", area_key=CITY, year=2024)
    # the base year is the monitoring's (demo: 270,981 inhabitants in 2024)
    assert 260_000 < base.population < 280_000
    assert base.p05 is not None and base.p05 <= base.p50 <= base.p95
    assert demo_run.backtest.filter(area_key=CITY).count() == 5


def test_stored_results_equal_the_engine_output(demo_run):
    inputs, _backtest = services.prepared_inputs(demo_run)
    expected = project(inputs, None, demo_run.draws, demo_run.seed)
    for table in ("population", "housing_demand", "quantiles", "households"):
        stored = archive.read_table(demo_run.results, table)
        assert_frame_equal(stored, getattr(expected, table))
    mittel = expected.population.filter(pl.col("scenario") == "mittel", pl.col("year") == 2045)
    row = demo_run.rows.get(scenario="mittel", area_key=CITY, year=2045)
    assert row.population == pytest.approx(mittel["count"].sum(), rel=1e-12)
    district = demo_run.rows.get(scenario="hoch", area_key="07", year=2030)
    hoch = expected.population.filter(
        pl.col("scenario") == "hoch", pl.col("year") == 2030, pl.col("area") == "07"
    )
    assert district.population == pytest.approx(hoch["count"].sum(), rel=1e-12)
    assert district.age_65_plus == pytest.approx(
        hoch.filter(pl.col("age") >= 65)["count"].sum(), rel=1e-12
    )


def test_upload_refuses_invalid_input_with_file_line_and_column(demo_run, fachamt):
    files = _files(demo_run)
    name = next(n for n in files if n.endswith("fertility.csv"))
    lines = files[name].splitlines()
    lines[3] = "17,-0.5"
    files[name] = "\n".join(lines) + "\n"
    with pytest.raises(ValidationError) as caught:
        services.upload_inputs(
            demo_run.alliance, demo_run.alliance.area, fachamt, "kaputt", _zip(files)
        )
    message = caught.value.messages[0]
    assert "fertility.csv, Zeile 4, Spalte asfr" in message


def test_upload_refuses_what_is_not_a_zip(demo_alliance, fachamt):
    with pytest.raises(ValidationError, match="ZIP"):
        services.upload_inputs(
            demo_alliance, demo_alliance.area, fachamt, "x", ContentFile(b"no", name="x.zip")
        )


def test_a_run_on_broken_inputs_fails_with_a_clear_message(demo_run, fachamt):
    files = _files(demo_run)
    inputs = services.upload_inputs(
        demo_run.alliance, demo_run.alliance.area, fachamt, "neu", _zip(files)
    )
    files.pop(next(n for n in files if n.endswith("mortality.csv")))
    inputs.archive.save("defekt.zip", _zip(files))  # damaged after the upload check
    run = tasks.start_run(inputs, list(demo_run.assumption_sets.all()), fachamt, title="T")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "mortality.csv" in run.error
    assert not run.rows.exists()
    assert [h.to_status for h in run.history.all()] == ["wartend", "laeuft", "fehlgeschlagen"]


def test_a_new_run_through_the_task_with_uploaded_inputs(demo_run, koordination):
    inputs = services.upload_inputs(
        demo_run.alliance, demo_run.alliance.area, koordination, "neu", _zip(_files(demo_run))
    )
    sets = list(demo_run.assumption_sets.filter(name="mittel"))
    run = tasks.start_run(inputs, sets, koordination, title="Nur mittel", horizon=2030)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert set(run.rows.values_list("year", flat=True)) == set(range(2024, 2031))


def test_assumption_paths_must_cover_the_horizon(demo_run, fachamt):
    aset = services.create_assumption_set(demo_run.alliance, fachamt, "kurz", "Kurz")
    services.set_assumption(
        aset, "fertility", services.parse_path("2025 = 1; 2030 = 0,9"), "Q", "B"
    )
    with pytest.raises(ValidationError, match="2025 bis 2045"):
        tasks.start_run(demo_run.inputs, [aset], fachamt, title="x")
    with pytest.raises(ValidationError):
        services.parse_path("2025 = eins")
    with pytest.raises(ValidationError, match="Quelle"):
        services.set_assumption(aset, "mortality", [[2025, 1.0]], "", "")
