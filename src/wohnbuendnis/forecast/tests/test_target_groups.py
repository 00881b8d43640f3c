"""Bedarf nach Zielgruppen: every number of the page from the run's stored results and the
monitoring, recomputed here by hand."""

from __future__ import annotations

import polars as pl
import pytest
from django.urls import reverse

from wohnbuendnis.forecast import archive, queries, target_groups
from wohnbuendnis.forecast.models import CITY, ForecastRun
from wohnbuendnis.monitoring.models import Observation

pytestmark = pytest.mark.demo_parts("forecast")

RATE = 3_500_000 / 18_671_500  # barrier-free dwellings per person aged 65+


def _observed(area, key, year=2024) -> float:
    return Observation.objects.get(area=area, indicator__key=key, year=year).value


@pytest.fixture
def demo_run(demo_alliance):
    return ForecastRun.objects.get(alliance=demo_alliance)


def _groups(run, **params):
    return target_groups.target_group_demand(run, queries.select(run, params))


def test_older_people_need_barrier_free_dwellings_against_the_monitored_stock(demo_run):
    groups = _groups(demo_run, szenario="mittel")
    row = next(r for r in groups.seniors if r["year"] == 2035)
    stored = demo_run.rows.get(scenario="mittel", area_key=CITY, year=2035)
    assert row["p65"] == pytest.approx(stored.age_65_plus)
    single = archive.read_table(demo_run.results, "population").filter(
        (pl.col("scenario") == "mittel") & (pl.col("year") == 2035) & (pl.col("age") >= 80)
    )
    assert row["p80"] == pytest.approx(single["count"].sum())
    assert row["need"] == pytest.approx(stored.age_65_plus * RATE)
    city = demo_run.inputs.area
    # the demo's projects finished no barrier-free dwellings after 2024: the stock stays
    assert row["stock"] == pytest.approx(_observed(city, "accessible_dwellings"))
    assert row["gap"] == pytest.approx(row["need"] - row["stock"])


def test_households_below_the_income_limits_against_the_bound_stock(demo_run):
    groups = _groups(demo_run, szenario="hoch", gebiet="03")
    district = demo_run.inputs.area.children.get(key="03")
    share = _observed(district, "low_income_household_share") / 100
    expiring = _observed(district, "social_housing_bindings_expiring")
    bound = _observed(district, "social_housing_stock")
    by_year = {r["year"]: r for r in groups.low_income}
    households = demo_run.rows.get(scenario="hoch", area_key="03", year=2027).households
    assert by_year[2027]["need"] == pytest.approx(households * share)
    assert by_year[2027]["ending"] == pytest.approx(expiring / 5)
    # three years of bindings ending (2025–2027) after the base year 2024
    assert by_year[2027]["stock"] == pytest.approx(bound - 3 * expiring / 5)
    assert by_year[2029]["stock"] == pytest.approx(bound - expiring)
    # after the five years the monitoring covers, the bound stock is unknown
    assert by_year[2030]["stock"] is None and by_year[2030]["gap"] is None
    assert groups.share_observed


def test_without_a_monitored_share_the_documented_assumption_applies(demo_run):
    Observation.objects.filter(indicator__key="low_income_household_share").delete()
    groups = _groups(demo_run, szenario="mittel")
    assert groups.low_income_share == pytest.approx(6.3 / 41.5)
    row = next(r for r in groups.low_income if r["year"] == 2040)
    assert row["need"] == pytest.approx(row["households"] * 6.3 / 41.5)


def test_one_person_households_against_small_dwellings(demo_run):
    groups = _groups(demo_run, szenario="mittel")
    sizes = archive.read_table(demo_run.results, "households_by_size").filter(
        (pl.col("scenario") == "mittel") & (pl.col("year") == 2045) & (pl.col("size") == "1")
    )
    row = groups.singles[-1]
    assert row["year"] == 2045
    assert row["households"] == pytest.approx(sizes["households"].sum())
    assert row["stock"] == pytest.approx(_observed(demo_run.inputs.area, "small_dwellings"))


def test_the_page_shows_chart_table_and_assumptions_to_the_public(client, demo_run):
    url = reverse("forecast:target_groups", args=[demo_run.alliance.slug, demo_run.pk])
    html = client.get(url, {"szenario": "mittel"}).content.decode()
    assert "Bedarf nach Zielgruppen" in html
    for chart in ("chart-seniors", "chart-low-income", "chart-singles"):
        assert f'data-chart="{chart}"' in html
    assert "18,7 barrierefreie" in html  # the rate, stated on the page
    assert "Studierenden am Hochschulort" in html  # what the students' demand needs
    run_page = client.get(reverse("forecast:run", args=[demo_run.alliance.slug, demo_run.pk]))
    assert url in run_page.content.decode()


def test_without_a_monitored_stock_the_page_says_so(client, demo_run):
    Observation.objects.filter(indicator__key="accessible_dwellings").delete()
    groups = _groups(demo_run, szenario="mittel")
    assert all(r["stock"] is None and r["gap"] is None for r in groups.seniors)
    url = reverse("forecast:target_groups", args=[demo_run.alliance.slug, demo_run.pk])
    assert "keinen Bestand barrierefreier Wohnungen" in client.get(url).content.decode()
