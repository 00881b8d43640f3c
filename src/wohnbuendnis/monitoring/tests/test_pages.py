"""The seeded catalogue and demo data, dashboard numbers, traffic lights, the public
barometer, maps, the index page, downloads and the web import with preview."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.catalogue import ALLOCATION, INDICATORS, PROJECTS
from wohnbuendnis.monitoring.models import Indicator, Light, Observation, Threshold
from wohnbuendnis.monitoring.queries import key_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def _value(area, key, year):
    return Observation.objects.get(area=area, indicator__key=key, year=year).value


def test_key_figures_show_latest_value_change_parent_and_light(demo_alliance):
    district = demo_alliance.area.children.get(key="01")
    sgb2 = Indicator.objects.get(key="sgb2_rate")
    (figure,) = key_figures(demo_alliance, district, [sgb2])
    assert figure.year == 2024
    assert figure.value == _value(district, "sgb2_rate", 2024)
    assert figure.change == pytest.approx(figure.value - _value(district, "sgb2_rate", 2023))
    assert figure.parent_value == _value(demo_alliance.area, "sgb2_rate", 2024)
    threshold = Threshold.objects.get(alliance=demo_alliance, indicator=sgb2)
    expected = (
        Light.GREEN
        if figure.value <= threshold.green
        else Light.RED
        if figure.value >= threshold.red
        else Light.AMBER
    )
    assert figure.light == expected


def test_threshold_lights_in_both_directions(demo_alliance, fachamt):
    rent = Indicator.objects.get(key="asking_rent_eur_m2")
    lower_is_better = services.set_threshold(demo_alliance, rent, 8.5, 10.5, fachamt)
    assert [lower_is_better.light(v) for v in (8.5, 9.0, 10.5)] == [
        Light.GREEN,
        Light.AMBER,
        Light.RED,
    ]
    completions = Indicator.objects.get(key="completions")
    higher_is_better = services.set_threshold(demo_alliance, completions, 900, 500, fachamt)
    assert [higher_is_better.light(v) for v in (950, 700, 500)] == [
        Light.GREEN,
        Light.AMBER,
        Light.RED,
    ]


def test_dashboard_shows_the_numbers_and_a_chart_spec_per_key_figure(
    client, fachamt, demo_alliance
):
    client.force_login(fachamt)
    district = demo_alliance.area.children.get(key="03")
    response = client.get(
        reverse("monitoring:dashboard_area", args=[demo_alliance.slug, district.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    population = _value(district, "population", 2024)
    assert f"{population:,.0f}".replace(",", ".") in html
    assert 'type="application/json"' in html and "<script>" not in html
    spec = json.loads(
        html.split('id="chart-population" type="application/json">')[1].split("</script>")[0]
    )
    names = {row["Gebiet"] for row in spec["data"]["values"]}
    assert names == {district.name, "Musterstadt"}
    assert "Ampel" in html and "Veränderung zum Vorjahr" in html


def test_public_barometer_shows_only_public_indicators(client, demo_alliance):
    html = client.get(
        reverse("monitoring:public_barometer", args=[demo_alliance.slug])
    ).content.decode()
    assert Indicator.objects.get(key="sgb2_rate").name in html
    hidden = Indicator.objects.get(key="social_housing_bindings_expiring")
    assert not hidden.is_public and hidden.name not in html
    assert "chart-social_housing_bindings_expiring" not in html


def test_map_page_table_and_geojson_agree(client, mitglied, demo_alliance):
    client.force_login(mitglied)
    url = reverse("monitoring:map", args=[demo_alliance.slug])
    html = client.get(url, {"indikator": "sgb2_rate", "jahr": 2020}).content.decode()
    assert "Mitte" in html and "Legende" in html
    data = client.get(
        reverse("monitoring:map_data", args=[demo_alliance.slug]),
        {"indikator": "sgb2_rate", "jahr": 2020},
    ).json()
    assert len(data["features"]) == 20
    mitte = next(f for f in data["features"] if f["properties"]["key"] == "01")
    value = _value(demo_alliance.area.children.get(key="01"), "sgb2_rate", 2020)
    assert f"{value:.1f}".replace(".", ",") in mitte["properties"]["label"]
    assert mitte["properties"]["color"].startswith("#")


def test_index_page_lists_classes_and_conspicuous_districts(client, politik, demo_alliance):
    client.force_login(politik)
    response = client.get(reverse("monitoring:index", args=[demo_alliance.slug]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 20 and all(row["scored"] for row in rows)
    conspicuous = response.context["conspicuous"]
    assert conspicuous and all(
        r["status_class"] in ("niedrig", "sehr_niedrig") or r["dynamics_class"] == "negativ"
        for r in conspicuous
    )
    assert conspicuous[0]["area_obj"].name in response.content.decode()
    data = client.get(reverse("monitoring:index_map_data", args=[demo_alliance.slug])).json()
    assert len(data["features"]) == 20


def test_downloads_csv_and_xlsx(client, mitglied, demo_alliance):
    client.force_login(mitglied)
    url = reverse("monitoring:download", args=[demo_alliance.slug, "csv"])
    csv = client.get(url, {"indikator": "population"})
    frame = pl.read_csv(io.BytesIO(csv.content), separator=";")
    assert frame.columns[:6] == [
        "Indikator",
        "Indikatorname",
        "Gebiet",
        "Gebietsname",
        "Jahr",
        "Wert",
    ]
    assert frame.height == 21 * 15
    xlsx = client.get(
        reverse("monitoring:download", args=[demo_alliance.slug, "xlsx"]),
        {"indikator": "population"},
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert pl.read_excel(io.BytesIO(xlsx.content)).height == 21 * 15


def test_web_import_preview_then_commit(client, fachamt, demo_alliance):
    client.force_login(fachamt)
    upload = SimpleUploadedFile(
        "neu.csv", b"indicator,area,year,value\ncompletions,99100001-07,2025,321\n"
    )
    response = client.post(
        reverse("monitoring:import", args=[demo_alliance.slug]),
        {"kind": "observations", "file": upload},
    )
    assert response.status_code == 302
    preview = client.get(response.url)
    assert "1 neue Werte" in preview.content.decode() or "1 neue" in preview.content.decode()
    assert not Observation.objects.filter(year=2025).exists()
    done = client.post(response.url, follow=True)
    assert "Importiert: 1 neue und 0 geänderte Werte." in done.content.decode()
    assert _value(demo_alliance.area.children.get(key="07"), "completions", 2025) == 321


def test_web_import_shows_problems_and_offers_no_commit(client, fachamt, demo_alliance):
    client.force_login(fachamt)
    upload = SimpleUploadedFile(
        "fehler.csv", b"indicator,area,year,value\ncompletions,99100001-07,2025,-3\n"
    )
    response = client.post(
        reverse("monitoring:import", args=[demo_alliance.slug]),
        {"kind": "observations", "file": upload},
        follow=True,
    )
    html = response.content.decode()
    assert "Die Datei hat 1 Problem" in html and "Jetzt importieren" not in html


def test_correction_and_threshold_forms(client, koordination, demo_alliance):
    client.force_login(koordination)
    row = Observation.objects.get(year=2024, area__key="02", indicator__key="rent_burden")
    url = reverse("monitoring:correct", args=[demo_alliance.slug, row.pk])
    response = client.post(url, {"value": "31,5", "reason": "Nachberechnung"}, follow=True)
    assert "Nachberechnung" in response.content.decode()
    row.refresh_from_db()
    assert row.value == 31.5
    url = reverse("monitoring:threshold", args=[demo_alliance.slug, "rent_burden"])
    client.post(url, {"green": "26", "red": "30", "note": "neu"})
    threshold = Threshold.objects.get(alliance=demo_alliance, indicator__key="rent_burden")
    assert (threshold.green, threshold.red, threshold.changed_by) == (26, 30, koordination)


def test_aggregate_up_fills_missing_parent_values(demo_alliance, fachamt):
    city = demo_alliance.area
    Observation.objects.filter(
        area=city, indicator__key__in=["population", "sgb2_rate"], year=2024
    ).delete()
    added = services.aggregate_up(demo_alliance, fachamt)
    assert added == 2
    districts = list(city.children.all())
    assert _value(city, "population", 2024) == sum(_value(d, "population", 2024) for d in districts)
    weights = [_value(d, "population", 2024) for d in districts]
    rates = [_value(d, "sgb2_rate", 2024) for d in districts]
    expected = sum(w * r for w, r in zip(weights, rates, strict=True)) / sum(weights)
    assert _value(city, "sgb2_rate", 2024) == pytest.approx(expected)
    assert services.aggregate_up(demo_alliance, fachamt) == 0


def test_the_catalogue_has_at_least_thirty_indicators_with_all_texts():
    indicators = list(Indicator.objects.all())
    assert len(indicators) == len(INDICATORS) >= 30
    for indicator in indicators:
        assert indicator.name and indicator.definition and indicator.unit
        assert indicator.source and indicator.reading_aid
        indicator.rule()  # a valid aggregation rule
    keys = {i.key for i in indicators}
    wanted = {"population", "sgb2_rate", "social_housing_bindings_expiring", "vacancy_rate",
              "asking_rent_eur_m2", "building_land_reserve_ha", "child_poverty_rate"}  # fmt: skip
    assert wanted <= keys


def test_demo_has_fifteen_years_of_every_indicator_in_every_district(demo_alliance):
    city = demo_alliance.area
    districts = list(city.children.all())
    # all but the building projects' indicators, which come from the projects (process part),
    # and the allocation's, which come from its register (allocation part)
    measured = Indicator.objects.exclude(source__in=(PROJECTS, ALLOCATION))
    assert Indicator.objects.filter(source=PROJECTS).count() == 5
    assert Indicator.objects.filter(source=ALLOCATION).count() == 4
    for area in [city, *districts]:
        rows = Observation.objects.filter(area=area)
        assert rows.count() == measured.count() * 15, area
    years = sorted(set(Observation.objects.values_list("year", flat=True)))
    assert len(years) == 15
    assert Threshold.objects.filter(alliance=demo_alliance).count() >= 8


def test_demo_city_values_are_consistent_with_its_districts(demo_alliance):
    city = demo_alliance.area

    def value(area, key, year=2024):
        return Observation.objects.get(area=area, indicator__key=key, year=year).value

    districts = list(city.children.all())
    assert value(city, "population") == sum(value(d, "population") for d in districts)
    population = [value(d, "population") for d in districts]
    rates = [value(d, "sgb2_rate") for d in districts]
    weighted = sum(p * r for p, r in zip(population, rates, strict=True)) / sum(population)
    assert value(city, "sgb2_rate") == pytest.approx(weighted, abs=1e-3)
    assert value(city, "household_size") == pytest.approx(
        value(city, "population") / value(city, "households"), abs=1e-3
    )
