"""A run's downloads (issue 13, item 5): the files for Excel in German (English for English
readers), area names, whole numbers that add up to the city total of the result page; the
result archive for programs exactly as the command writes it (spec/forecast.md)."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.forecast import archive, downloads
from wohnbuendnis.forecast.models import CITY, ForecastRun
from wohnbuendnis.lib.tests.spreadsheet_checks import xlsx_layout

pytestmark = pytest.mark.demo_parts("forecast")

ENGLISH_COLUMNS = {
    "scenario", "area", "year", "sex", "age", "count", "households", "target_stock", "stock",
    "backlog", "new_construction_need", "balance", "average_size", "household_population",
}  # fmt: skip


@pytest.fixture
def run(demo_alliance) -> ForecastRun:
    return ForecastRun.objects.get(alliance=demo_alliance)


def _get(client, user, run, fmt, **params) -> bytes:
    client.force_login(user)
    url = reverse("forecast:download", args=[run.alliance.slug, run.pk, fmt])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content


def _csv(content: bytes) -> pl.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")
    return pl.read_csv(io.StringIO(content[3:].decode()), separator=";", infer_schema=False)


def _city_is_the_sum(frame: pl.DataFrame, city: str, keys: list[str], values: list[str]):
    """Every value of the city equals the sum of its areas' values in the same row group."""
    numbers = frame.with_columns(pl.col(values).cast(pl.Int64))
    totals = numbers.filter(pl.col("Gebietsname") == city).select(*keys, *values)
    summed = numbers.filter(pl.col("Gebietsname") != city).group_by(keys).agg(pl.col(values).sum())
    joined = totals.join(summed, on=keys, suffix="_sum")
    assert joined.height == totals.height
    for value in values:
        assert (joined[value] == joined[f"{value}_sum"]).all(), value


def test_population_csv_for_excel(client, fachamt, run):
    frame = _csv(_get(client, fachamt, run, "csv", tabelle="population"))
    assert frame.columns == [
        "Szenario", "Gebiet", "Gebietsname", "Jahr", "Geschlecht", "Alter", "Personen"
    ]  # fmt: skip
    assert frame.height == 3 * 21 * 22 * 2 * 101
    city = run.inputs.area
    assert (frame["Gebiet"][0], frame["Gebietsname"][0]) == (city.key, city.name)
    assert frame.filter(pl.col("Gebiet") == "03")["Gebietsname"][0] == "Nordstadt"
    assert set(frame["Geschlecht"]) == {"weiblich", "männlich"}
    assert frame["Personen"].str.contains(r"^\d+$").all()  # whole persons
    keys = ["Szenario", "Jahr", "Geschlecht", "Alter"]
    _city_is_the_sum(frame, city.name, keys, ["Personen"])
    # the city total is the figure of the result page
    total = (
        frame.filter((pl.col("Gebiet") == city.key) & (pl.col("Szenario") == "mittel"))
        .with_columns(pl.col("Personen", "Jahr").cast(pl.Int64))
        .group_by("Jahr")
        .agg(pl.col("Personen").sum())
        .sort("Jahr")
    )
    row = run.rows.get(scenario="mittel", area_key=CITY, year=total["Jahr"][-1])
    assert abs(total["Personen"][-1] - row.population) <= 101 * 2  # one person per cell


def test_housing_demand_and_households_are_german_whole_numbers_that_add_up(client, fachamt, run):
    demand = _csv(_get(client, fachamt, run, "csv", tabelle="housing_demand"))
    assert {"Nachholbedarf", "Bedarf (Zielbestand)", "Neubaubedarf"} <= set(demand.columns)
    assert not ENGLISH_COLUMNS & set(demand.columns)
    values = [c for c in demand.columns if c not in ("Szenario", "Gebiet", "Gebietsname", "Jahr")]
    for column in values:
        assert demand[column].drop_nulls().str.contains(r"^-?\d+$").all(), column
    city = run.inputs.area.name
    _city_is_the_sum(demand.drop_nulls(), city, ["Szenario", "Jahr"], values)
    households = _csv(_get(client, fachamt, run, "csv", tabelle="households"))
    size = households["Personen je Haushalt"]
    assert size.str.contains(r"^\d,\d{1,2}$").all()  # decimal comma, at most two places
    _city_is_the_sum(
        households, city, ["Szenario", "Jahr"], ["Haushalte", "Personen in Privathaushalten"]
    )


def test_xlsx_sheets_are_german_formatted_and_sum_to_the_city(client, fachamt, run):
    content = _get(client, fachamt, run, "xlsx")
    sheets = pl.read_excel(io.BytesIO(content), sheet_id=0)
    assert {"Bevölkerung", "Haushalte", "Wohnungsbedarf", "Bandbreiten"} <= set(sheets)
    wide = sheets["Bevölkerung"]
    assert wide.columns[:7] == [
        "Szenario", "Gebiet", "Gebietsname", "Jahr", "Geschlecht", "0–4", "5–9"
    ]  # fmt: skip
    assert wide.columns[-1] == "100+" and wide.height == 3 * 21 * 22 * 2
    for sheet in sheets.values():
        assert not ENGLISH_COLUMNS & set(sheet.columns)
        assert "Gebietsname" in sheet.columns
    groups = wide.columns[5:]
    text = wide.with_columns(pl.col(groups).cast(pl.Int64).cast(pl.String))
    _city_is_the_sum(text, run.inputs.area.name, ["Szenario", "Jahr", "Geschlecht"], groups)
    bands = sheets["Bandbreiten"]
    assert set(bands["Größe"]) >= {"Bevölkerung", "65 Jahre und älter"}
    assert xlsx_layout(content) >= {"frozen header", "bold", "filter", "#,##0"}


def test_english_readers_get_english_headers(run):
    with translation.override("en"):
        frame = downloads.people_frame(run, "housing_demand")
    assert frame.columns[:4] == ["Scenario", "Area", "Area name", "Year"]
    assert "Backlog" in frame.columns


def test_result_archive_is_the_command_line_output(client, fachamt, run):
    content = _get(client, fachamt, run, "zip")
    with zipfile.ZipFile(io.BytesIO(content)) as files:
        names = set(files.namelist())
        population = files.read("population.csv")
    assert {"population.csv", "housing_demand.csv", "households.csv", "run.json"} <= names
    assert population.splitlines()[0] == b"scenario,area,year,sex,age,count"
    stored = archive.read_table(run.results, "population")
    assert population == stored.write_csv(float_precision=6).encode()
