"""The monitoring downloads people open in Excel (issue 13, item 5): German columns, area names
beside the keys, each value with its indicator's decimals, the city first and equal to its
districts' sum where the indicator sums; uploaded again, the file changes nothing. The exchange
format ``observations.csv`` keeps the spec's columns."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from django.urls import reverse

from wohnbuendnis.lib.tests.spreadsheet_checks import xlsx_layout
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind, Indicator, Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

GERMAN = ["Indikator", "Indikatorname", "Gebiet", "Gebietsname", "Jahr", "Wert", "Einheit"]
ENGLISH_KEYS = {"indicator", "area", "year", "value", "unit", "source", "area_name"}


def _get(client, user, alliance, fmt, **params):
    client.force_login(user)
    response = client.get(reverse("monitoring:download", args=[alliance.slug, fmt]), params)
    assert response.status_code == 200
    return response


def _csv(content: bytes) -> pl.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    text = content[3:].decode()
    return pl.read_csv(io.StringIO(text), separator=";", infer_schema=False)


def _decimals(text: str) -> int:
    return len(text.split(",")[1]) if "," in text else 0


def test_csv_for_excel_has_german_columns_names_and_the_indicators_decimals(
    client, mitglied, demo_alliance
):
    frame = _csv(_get(client, mitglied, demo_alliance, "csv").content)
    assert frame.columns[: len(GERMAN)] == GERMAN
    assert not ENGLISH_KEYS & set(frame.columns)
    decimals = dict(Indicator.objects.values_list("key", "decimals"))
    shown = frame.select("Indikator", "Wert").iter_rows()
    assert all(_decimals(value) == decimals[key] for key, value in shown)
    assert not frame["Wert"].str.contains(r"\.").any()  # decimal comma, no grouping
    district = demo_alliance.area.children.get(key="07")
    rows = frame.filter(pl.col("Gebietsname") == district.name)
    assert rows.height and set(rows["Gebiet"]) == {f"{demo_alliance.area.key}-07"}
    share = frame.filter(pl.col("Indikator") == "household_size")["Wert"][0]
    assert _decimals(share) == 2 and decimals["household_size"] == 2


def test_the_city_comes_first_and_equals_the_sum_of_its_districts(client, mitglied, demo_alliance):
    frame = _csv(_get(client, mitglied, demo_alliance, "csv", indikator="population").content)
    city = demo_alliance.area
    assert frame["Gebietsname"][0] == city.name
    values = frame.with_columns(pl.col("Wert", "Jahr").cast(pl.Int64))
    for year, part in values.group_by("Jahr"):
        total = part.filter(pl.col("Gebietsname") == city.name)["Wert"].item()
        districts = part.filter(pl.col("Gebietsname") != city.name)
        assert districts.height == 20
        assert total == districts["Wert"].sum(), year


def test_xlsx_is_formatted_and_holds_the_rounded_values(client, mitglied, demo_alliance):
    content = _get(client, mitglied, demo_alliance, "xlsx", indikator="vacancy_rate").content
    frame = pl.read_excel(io.BytesIO(content))
    assert frame.columns[: len(GERMAN)] == GERMAN
    assert (
        frame.height
        == 21
        * Observation.objects.filter(indicator__key="vacancy_rate", area=demo_alliance.area).count()
    )
    assert all(round(v, 1) == v for v in frame["Wert"])
    assert xlsx_layout(content) >= {"frozen header", "bold", "#,##0.0"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_uploaded_again_changes_nothing(
    client, fachamt, demo_alliance, tmp_path: Path, fmt
):
    content = _get(client, fachamt, demo_alliance, fmt).content
    path = tmp_path / f"beobachtungen.{fmt}"
    path.write_bytes(content)
    stored = Observation.objects.filter(
        area__in=[demo_alliance.area, *demo_alliance.area.children.all()]
    )
    before = list(stored.order_by("pk").values_list("pk", "value"))
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert preview.ok, preview.problems
    assert (preview.created, preview.updated) == (0, 0)
    assert preview.unchanged == len(before)
    assert services.commit_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt) is None
    assert list(stored.order_by("pk").values_list("pk", "value")) == before


def test_a_value_that_moves_the_shown_value_is_a_change(
    client, fachamt, demo_alliance, tmp_path: Path
):
    """Rounded values count as the stored ones; one step more is still a change, and more
    decimals than the indicator shows are taken as they are."""
    content = _get(client, fachamt, demo_alliance, "csv", indikator="vacancy_rate").content
    frame = _csv(content)
    first = frame["Wert"][0]
    moved = f"{float(first.replace(',', '.')) + 0.1:.1f}".replace(".", ",")
    precise = frame["Wert"][1] + "3"
    edited = frame.with_columns(pl.Series("Wert", [moved, precise, *frame["Wert"][2:]], pl.String))
    path = tmp_path / "geaendert.csv"
    path.write_bytes(b"\xef\xbb\xbf" + edited.write_csv(separator=";").encode())
    preview = services.preview_import(demo_alliance, path, ImportKind.OBSERVATIONS, fachamt)
    assert preview.ok, preview.problems
    assert (preview.created, preview.updated) == (0, 2)


def test_the_exchange_format_keeps_the_spec_columns(client, mitglied, demo_alliance):
    client.force_login(mitglied)
    url = reverse("monitoring:download_observations", args=[demo_alliance.slug])
    response = client.get(url, {"indikator": "population"})
    assert response.status_code == 200
    assert not response.content.startswith(b"\xef\xbb\xbf")
    frame = pl.read_csv(io.BytesIO(response.content))
    assert frame.columns == ["indicator", "area", "year", "value"]
    assert frame.height == 21 * 15
