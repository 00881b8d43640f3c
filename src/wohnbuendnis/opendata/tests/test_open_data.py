"""Open data (issue 17, item 5): every file without login, with licence, source and date; the
DCAT-AP.de catalogue expands as JSON-LD and names the licence of every distribution; nothing
non-public or personal in any file."""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.models import Alliance, AllianceChange, ChangeAction, DataLicence, Person
from wohnbuendnis.allocation.models import Household
from wohnbuendnis.concept import services as concept_services
from wohnbuendnis.concept.models import Goal, GoalNature, Measure, MeasureStatus
from wohnbuendnis.forecast import services as forecast_services
from wohnbuendnis.forecast.models import ForecastRun
from wohnbuendnis.meetings.models import AgendaItem
from wohnbuendnis.monitoring.models import Indicator, Observation
from wohnbuendnis.opendata.queries import DATASETS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DL_BY = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def _files(client, alliance: Alliance) -> dict[str, bytes]:
    found = {}
    for key in DATASETS:
        for fmt in ("csv", "json"):
            response = client.get(reverse("opendata:file", args=[alliance.slug, key, fmt]))
            assert response.status_code == 200, (key, fmt)
            found[f"{key}.{fmt}"] = response.content
    for name, url in (
        ("catalogue", reverse("opendata:catalogue", args=[alliance.slug])),
        ("instance", reverse("opendata:instance_catalogue")),
        ("page", reverse("opendata:index", args=[alliance.slug])),
    ):
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = response.content
    return found


def _graph(content: bytes) -> Graph:
    """The catalogue expanded into RDF triples by rdflib's JSON-LD parser (the context is
    inline: nothing is fetched). rdflib's parser builds a ConjunctiveGraph inside, which
    rdflib itself marks deprecated: that warning is rdflib's, not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=content, format="json-ld")


def _csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # German Excel: UTF-8 with BOM, ";"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_anyone_downloads_every_file_with_licence_source_and_date(client, demo_alliance):
    personas = [None, *Role.values]
    for persona in personas:
        client.logout()
        if persona is not None:
            client.force_login(User.objects.get(username=persona))
        files = _files(client, demo_alliance)
    client.logout()
    series = json.loads(files["zeitreihen.json"])
    assert series["license"]["uri"] == DL_BY
    assert series["license"]["name"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert series["publisher"]["name"] == demo_alliance.name
    assert series["source"].endswith(reverse("opendata:index", args=[demo_alliance.slug]))
    assert series["modified"]
    rows = _csv(files["zeitreihen.csv"])
    assert {r["Datenlizenz"] for r in rows} == {
        "Datenlizenz Deutschland – Namensnennung – Version 2.0 (https://www.govdata.de/dl-de/by-2-0)"
    }
    assert {r["Herausgeber"] for r in rows} == {demo_alliance.name}
    assert {r["Datenstand"] for r in rows} == {series["modified"]}
    response = client.get(reverse("opendata:file", args=[demo_alliance.slug, "sitzungen", "csv"]))
    assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'


def test_unknown_alliances_and_data_sets_are_not_found(client, demo_alliance):
    assert client.get(reverse("opendata:index", args=["gibt-es-nicht"])).status_code == 404
    assert client.get(reverse("opendata:catalogue", args=["gibt-es-nicht"])).status_code == 404
    url = reverse("opendata:file", args=[demo_alliance.slug, "haushalte", "csv"])
    assert client.get(url).status_code == 404
    assert client.get(f"/offene-daten/{demo_alliance.slug}/zeitreihen.xlsx").status_code == 404


def test_the_series_are_the_public_indicators_with_the_stored_values(client, demo_alliance):
    rows = _csv(
        client.get(reverse("opendata:file", args=[demo_alliance.slug, "zeitreihen", "csv"])).content
    )
    public = set(Indicator.objects.filter(is_public=True).values_list("key", flat=True))
    hidden = set(Indicator.objects.filter(is_public=False).values_list("key", flat=True))
    assert hidden, "the demo has indicators that are not public"
    assert {r["Indikator"] for r in rows} <= public
    assert not {r["Indikator"] for r in rows} & hidden
    population = Observation.objects.get(
        indicator__key="population", area=demo_alliance.area, year=2020
    )
    row = next(
        r
        for r in rows
        if r["Indikator"] == "population"
        and r["Gebiet"] == demo_alliance.area.key
        and r["Jahr"] == "2020"
    )
    assert float(row["Wert"].replace(",", ".")) == round(population.value)


def test_the_catalogue_expands_as_json_ld_and_every_distribution_names_its_licence(
    client, demo_alliance
):
    content = client.get(reverse("opendata:catalogue", args=[demo_alliance.slug])).content
    graph = _graph(content)
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    datasets = list(graph.objects(catalogues[0], DCAT.dataset))
    assert len(datasets) == len(DATASETS)
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 * len(DATASETS)
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert graph.value(dataset, DCTERMS.publisher) is not None
        assert graph.value(dataset, DCTERMS.modified) is not None
        assert graph.value(dataset, DCTERMS.title) is not None
    for distribution in distributions:
        assert graph.value(distribution, DCTERMS.license) == URIRef(DL_BY)
        download = graph.value(distribution, DCAT.downloadURL)
        assert graph.value(distribution, DCAT.accessURL) is not None
        path = str(download).removeprefix("http://testserver")
        assert client.get(path).status_code == 200
    instance = client.get(reverse("opendata:instance_catalogue")).content
    whole = _graph(instance)
    for distribution in whole.subjects(RDF.type, DCAT.Distribution):
        assert whole.value(distribution, DCTERMS.license) is not None


def test_nothing_non_public_or_personal_is_in_any_file(client, demo_alliance, koordination):
    # changes not released by Koordination: a measure's progress and a goal's actual value
    measure = Measure.objects.filter(
        alliance=demo_alliance, status=MeasureStatus.IN_PROGRESS
    ).first()
    concept_services.set_measure_status(measure, koordination, measure.status, progress=37)
    goal = Goal.objects.filter(alliance=demo_alliance, nature=GoalNature.QUANTITATIVE).first()
    concept_services.record_goal_measurement(goal, goal.year_from, 987654.0, koordination, "geheim")
    files = _files(client, demo_alliance)
    text = {name: content.decode("utf-8-sig") for name, content in files.items()}
    secrets = [h.name for h in Household.objects.all()]
    secrets += [h.reference for h in Household.objects.all()]
    secrets += [f"{p.first_name} {p.last_name}" for p in Person.objects.all()]
    secrets += [p.email for p in Person.objects.exclude(email="")]
    secrets += list(
        AgendaItem.objects.filter(meeting__body__alliance=demo_alliance, public=False)
        .values_list("title", flat=True)
        .distinct()
    )
    secrets += ["987654", "987.654", "geheim"]
    assert len(secrets) > 50
    for name, content in text.items():
        for secret in secrets:
            assert secret not in content, (name, secret)
    measures = json.loads(files["massnahmen.json"])["records"]
    shown = next(m for m in measures if m["number"] == measure.number)
    assert shown["progress"] == measure.released_progress != 37


def test_an_unpublished_forecast_is_not_found_and_not_in_the_catalogue(
    client, demo_alliance, koordination
):
    run = ForecastRun.objects.get(alliance=demo_alliance, published=True)
    url = reverse("opendata:file", args=[demo_alliance.slug, "prognose", "json"])
    records = json.loads(client.get(url).content)["records"]
    assert any(r["scenario"] == "mittel" for r in records)
    forecast_services.publish_run(run, koordination, published=False)
    assert client.get(url).status_code == 404
    catalogue = client.get(reverse("opendata:catalogue", args=[demo_alliance.slug])).content
    assert b"prognose" not in catalogue


def test_koordination_chooses_the_licence_and_every_file_names_it(client, demo_alliance):
    url = reverse("alliance:data_licence", args=[demo_alliance.slug])
    for persona in [p for p in Role.values if p != Role.COORDINATION]:
        client.force_login(User.objects.get(username=persona))
        assert client.post(url, {"licence": DataLicence.CC_BY}).status_code == 403
    client.logout()
    assert client.post(url, {"licence": DataLicence.CC_BY}).status_code == 302  # to the login
    demo_alliance.refresh_from_db()
    assert demo_alliance.data_licence == DataLicence.DL_BY
    client.force_login(User.objects.get(username="koordination"))
    assert client.post(url, {"licence": "proprietaer"}).status_code == 200  # shown again
    assert client.post(url, {"licence": DataLicence.CC_BY}).status_code == 302
    demo_alliance.refresh_from_db()
    assert demo_alliance.data_licence == DataLicence.CC_BY
    change = AllianceChange.objects.filter(action=ChangeAction.LICENCE_CHANGED).get()
    assert "Creative Commons" in change.note
    client.logout()
    catalogue = client.get(reverse("opendata:catalogue", args=[demo_alliance.slug])).content
    graph = _graph(catalogue)
    licences = {
        graph.value(d, DCTERMS.license) for d in graph.subjects(RDF.type, DCAT.Distribution)
    }
    assert licences == {URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")}
    data = json.loads(
        client.get(reverse("opendata:file", args=[demo_alliance.slug, "ziele", "json"])).content
    )
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    alliance_services.set_licence(demo_alliance, DataLicence.DL_BY)
