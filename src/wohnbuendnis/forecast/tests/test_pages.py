"""Permission matrix of every forecast page, downloads and the upload form."""

from __future__ import annotations

import io

import polars as pl
import pytest
from django.urls import reverse
from django.utils.html import escape

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.forecast import tasks
from wohnbuendnis.forecast.models import CITY, AssumptionSet, Component, ForecastRun

pytestmark = pytest.mark.demo_parts("forecast")

RUNNERS = {"koordination", "fachamt"}


def _expected(persona: str, group: str) -> int:
    if group == "public" or (persona in RUNNERS):
        return 200
    if persona == "oeffentlichkeit":
        return 302
    return 200 if group in ("members",) else 403


def test_every_page_opens_only_to_the_roles_that_may_see_it(client, demo_alliance):
    run = ForecastRun.objects.get(alliance=demo_alliance)
    draft = tasks.start_run(run.inputs, list(run.assumption_sets.all()), None, title="intern")
    aset = AssumptionSet.objects.get(alliance=demo_alliance, name="mittel")
    slug = demo_alliance.slug
    pages = {
        "public": [
            reverse("forecast:index", args=[slug]),
            reverse("forecast:run", args=[slug, run.pk]),
            reverse("forecast:target_groups", args=[slug, run.pk]),
            reverse("forecast:run_status", args=[slug, run.pk]),
            reverse("forecast:download", args=[slug, run.pk, "csv"]) + "?tabelle=households",
            reverse("forecast:download", args=[slug, run.pk, "zip"]),
            reverse("forecast:map_data", args=[slug, run.pk]),
        ],
        "members": [
            reverse("forecast:set", args=[slug, aset.pk]),
            reverse("forecast:set_compare", args=[slug]),
            reverse("forecast:run", args=[slug, draft.pk]),
            reverse("forecast:map_data", args=[slug, draft.pk]),
            reverse("forecast:download_inputs", args=[slug, run.inputs.pk]),
        ],
        "runners": [
            reverse("forecast:set_new", args=[slug]),
            reverse("forecast:upload", args=[slug]),
            reverse("forecast:run_new", args=[slug]),
            reverse("forecast:official_upload", args=[slug]),
        ],
    }
    for persona in [*Role.values, "oeffentlichkeit"]:
        client.logout()
        if persona != "oeffentlichkeit":
            client.force_login(User.objects.get(username=persona))
        for group, urls in pages.items():
            for url in urls:
                status = client.get(url).status_code
                assert status == _expected(persona, group), (persona, url)
        publish = reverse("forecast:publish", args=[slug, run.pk])
        assert client.post(publish, {"published": "1"}).status_code in (
            (302,) if persona in RUNNERS or persona == "oeffentlichkeit" else (403,)
        )
    assert "intern" not in client.get(reverse("forecast:index", args=[slug])).content.decode()


def test_results_page_and_downloads(client, fachamt, demo_alliance):
    run = ForecastRun.objects.get(alliance=demo_alliance)
    client.force_login(fachamt)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    html = client.get(url, {"gebiet": "03", "jahr": "2030", "szenario": "hoch"}).content.decode()
    assert "Bevölkerungspyramide Nordstadt 2030" in html
    assert "Treffsicherheit" in html and 'data-chart="chart-fan"' in html
    assert 'data-chart="chart-households"' in html  # the households chart the report prints too
    csv = client.get(reverse("forecast:download", args=[demo_alliance.slug, run.pk, "csv"]))
    frame = pl.read_csv(io.BytesIO(csv.content[3:]), separator=";")
    assert frame.columns == [
        "Szenario", "Gebiet", "Gebietsname", "Jahr", "Geschlecht", "Alter", "Personen"
    ]  # fmt: skip
    assert frame.height == 3 * 21 * 22 * 2 * 101  # 20 districts and the city
    xlsx = client.get(reverse("forecast:download", args=[demo_alliance.slug, run.pk, "xlsx"]))
    sheets = pl.read_excel(io.BytesIO(xlsx.content), sheet_id=0)
    assert {"Bevölkerung", "Haushalte", "Wohnungsbedarf", "Bandbreiten"} <= set(sheets)
    # the population in five-year age groups as columns, the same persons as the CSV
    wide = sheets["Bevölkerung"]
    assert wide.columns[:7] == [
        "Szenario", "Gebiet", "Gebietsname", "Jahr", "Geschlecht", "0–4", "5–9"
    ]  # fmt: skip
    assert wide.columns[-1] == "100+" and wide.height == 3 * 21 * 22 * 2
    row = wide.filter(
        (pl.col("Szenario") == "hoch") & (pl.col("Gebiet") == "03") & (pl.col("Jahr") == 2030)
        & (pl.col("Geschlecht") == "weiblich")
    )  # fmt: skip
    single = frame.filter(
        (pl.col("Szenario") == "hoch") & (pl.col("Gebiet") == 3) & (pl.col("Jahr") == 2030)
        & (pl.col("Geschlecht") == "weiblich")
    )  # fmt: skip
    # rounded per cell: a five-year group within five persons of its single ages
    assert abs(row["0–4"].item() - single.filter(pl.col("Alter") < 5)["Personen"].sum()) <= 5
    assert (
        abs(row.select(wide.columns[5:]).sum_horizontal().item() - single["Personen"].sum()) <= 101
    )


def test_upload_form_shows_the_engine_message(client, fachamt, demo_alliance):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(fachamt)
    upload = SimpleUploadedFile("x.zip", b"PK-kein-zip", content_type="application/zip")
    response = client.post(
        reverse("forecast:upload", args=[demo_alliance.slug]), {"name": "x", "archive": upload}
    )
    assert response.status_code == 200
    assert (
        "Die Eingangsdaten sind fehlerhaft: ZIP: ein ZIP-Archiv erwartet"
        in response.content.decode()
    )


def test_assumption_sets_side_by_side(client, mitglied, demo_alliance):
    sets = {s.name: s for s in AssumptionSet.objects.filter(alliance=demo_alliance)}
    client.force_login(mitglied)
    url = reverse("forecast:set_compare", args=[demo_alliance.slug])
    html = client.get(url, {"set": [sets["niedrig"].pk, sets["hoch"].pk]}).content.decode()
    assert "Annahmen-Sets im Vergleich" in html
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert sets["niedrig"].title in head and sets["hoch"].title in head
    assert sets["mittel"].title not in head
    for aset in (sets["niedrig"], sets["hoch"]):  # every assumption with source and reason
        for assumption in aset.assumptions.all():
            assert assumption.path_text in html
            assert escape(assumption.source) in html
            assert escape(assumption.justification) in html
    row = html.index(str(Component.FERTILITY.label))
    assert row < html.index(str(Component.MORTALITY.label))
    # without a choice: the first three sets; a single set is not a comparison
    default = client.get(url).content.decode()
    assert all(s.title in default for s in sets.values())
    single = client.get(url, {"set": [sets["mittel"].pk]}).content.decode()
    assert "Bitte mindestens zwei Annahmen-Sets wählen." in single


def test_households_by_size_table_matches_the_stored_table(client, fachamt, demo_alliance):
    from wohnbuendnis.forecast import archive, queries

    run = ForecastRun.objects.get(alliance=demo_alliance)
    client.force_login(fachamt)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    html = client.get(url, {"gebiet": "03", "szenario": "hoch"}).content.decode()
    assert "Haushalte nach Größe (Szenario hoch)" in html
    sel = queries.select(run, {"gebiet": "03", "szenario": "hoch"})
    rows = queries.size_rows(run, sel, [2030, 2045])
    table = archive.read_table(run.results, "households_by_size").filter(
        (pl.col("scenario") == "hoch") & (pl.col("area") == "03")
    )
    single_2030 = table.filter((pl.col("year") == 2030) & (pl.col("size") == "1"))
    assert rows[0]["households"][0] == pytest.approx(single_2030["households"].item())
    need = table.filter((pl.col("size") == "5+") & (pl.col("year") <= 2045))
    assert rows[1]["need"][4] == pytest.approx(need["new_construction_need"].fill_nan(0).sum())
    # the households by size add up to all households of the summary row
    summary = run.rows.get(scenario="hoch", area_key="03", year=2030)
    assert sum(rows[0]["households"]) == pytest.approx(summary.households, rel=1e-9)


def test_the_map_shows_each_districts_population_change(client, demo_alliance):
    run = ForecastRun.objects.get(alliance=demo_alliance)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    html = client.get(url, {"szenario": "hoch", "jahr": "2035"}).content.decode()
    assert "Bevölkerungsentwicklung 2024–2035 nach Gebieten (Szenario hoch)" in html
    assert 'data-geojson="' in html and "vendor/leaflet/leaflet.js" in html
    data = client.get(
        reverse("forecast:map_data", args=[demo_alliance.slug, run.pk]),
        {"szenario": "hoch", "jahr": "2035"},
    ).json()
    assert len(data["features"]) == 20  # every district, each with its boundary
    north = next(f for f in data["features"] if f["properties"]["key"] == "03")
    start = run.rows.get(scenario="hoch", area_key="03", year=2024).population
    end = run.rows.get(scenario="hoch", area_key="03", year=2035).population
    change = f"{100 * (end - start) / start:.1f}".replace(".", ",")
    assert north["properties"]["label"] == f"Nordstadt: {change} %"
    colours = {f["properties"]["color"] for f in data["features"]}
    assert len(colours) == 5  # five equal-count classes


def test_the_selection_lists_each_scenario_area_and_year_once(demo_alliance):
    from wohnbuendnis.forecast import queries

    run = ForecastRun.objects.get(alliance=demo_alliance)
    sel = queries.select(run, {"jahr": "2030"})
    assert sel.scenarios == sorted({"niedrig", "mittel", "hoch"})
    assert sel.years == list(range(2024, 2046))
    assert len(sel.areas) == 21
    assert sel.areas[0] == (CITY, "Musterstadt") and sel.area_key == CITY
    assert sel.neighbour_years() == (2029, 2031)
    assert queries.overview_years(sel) == [2024, 2029, 2034, 2039, 2044, 2045]


def test_members_download_the_inputs_as_uploaded(client, mitglied, demo_alliance):
    import zipfile

    run = ForecastRun.objects.get(alliance=demo_alliance)
    client.force_login(mitglied)
    index = client.get(reverse("forecast:index", args=[demo_alliance.slug])).content.decode()
    url = reverse("forecast:download_inputs", args=[demo_alliance.slug, run.inputs.pk])
    assert url in index
    response = client.get(url)
    body = response.content
    with run.inputs.archive.open("rb") as stored:
        assert body == stored.read()
    names = {n.rsplit("/", 1)[-1] for n in zipfile.ZipFile(io.BytesIO(body)).namelist()}
    assert {"scenario.toml", "population.csv", "completions_plan.csv"} <= names
    other = ForecastRun.objects.exclude(alliance=demo_alliance).first()
    assert (
        other is None
        or client.get(
            reverse("forecast:download_inputs", args=[demo_alliance.slug, other.inputs.pk])
        ).status_code
        == 404
    )
