"""A finished run's charts and tables come from the cache after the first request, and the
cached ones are exactly what building them afresh gives."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wohnbuendnis.forecast import archive, queries
from wohnbuendnis.forecast.models import CITY, ForecastRun

pytestmark = pytest.mark.demo_parts("forecast")


def _fresh(run: ForecastRun, params: dict[str, str]) -> dict:
    """The page's charts and tables built without the cache."""
    cache.clear()
    context = queries.page_context(run, params)
    cache.clear()
    return context


@pytest.mark.parametrize("params", [{}, {"szenario": "hoch", "gebiet": "02", "jahr": "2030"}])
def test_a_cached_chart_equals_a_freshly_built_one(client, demo_alliance, params):
    run = ForecastRun.objects.get(alliance=demo_alliance)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    client.get(url, params)  # fills the cache
    cached = client.get(url, params).context
    fresh = _fresh(run, params)
    assert cached["charts"] == fresh["charts"]
    assert cached["pyramid_table"] == fresh["pyramid_table"]
    assert cached["sizes"] == fresh["sizes"]
    assert [r.pk for r in cached["summary"]] == [r.pk for r in fresh["summary"]]
    assert cached["sel"] == fresh["sel"]
    # and fresh from the stored archive: the pyramid's numbers are the archive's
    sel = fresh["sel"]
    frame = archive.read_table(run.results, "population")
    frame = frame.filter((frame["scenario"] == sel.scenario) & (frame["year"] == sel.year))
    if sel.area_key != CITY:
        frame = frame.filter(frame["area"] == sel.area_key)
    assert sum(w + m for _age, w, m in cached["pyramid"]) == pytest.approx(frame["count"].sum())


def test_the_second_request_reads_neither_archive_nor_result_rows(demo_alliance):
    run = ForecastRun.objects.get(alliance=demo_alliance)
    queries.page_context(run, {})
    with CaptureQueriesContext(connection) as captured:
        context = queries.page_context(run, {})
        list(context["backtest"])
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert "forecast_resultrow" not in tables
    assert len(captured) <= 3  # area names of the selection, the backtest


@pytest.mark.parametrize("params", [{}, {"szenario": "hoch", "gebiet": "02", "jahr": "2030"}])
def test_the_page_from_the_cache_is_the_page_built_afresh(client, demo_alliance, params):
    """The tables of the result page are cached as HTML: the second page equals the first."""
    run = ForecastRun.objects.get(alliance=demo_alliance)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    fresh = token.sub("", client.get(url, params).content.decode())
    cached = token.sub("", client.get(url, params).content.decode())
    assert cached == fresh
    assert "Bevölkerungspyramide" in cached
    # the cached tables are kept per language: the English page gets English ones
    english = client.get(url, params, headers={"accept-language": "en"}).content.decode()
    assert "Housing demand, stock and planned completions" in english
    assert "Wohnungsbedarf, Bestand und geplante Fertigstellungen" not in english


def test_a_finished_run_warms_every_selection_of_the_whole_area_with_a_shared_cache(
    demo_alliance, settings, monkeypatch
):
    """With Redis the worker builds each scenario's and year's charts once the run is done:
    the first person choosing one finds them (without a shared cache nothing is built)."""
    from wohnbuendnis.forecast import charts

    run = ForecastRun.objects.get(alliance=demo_alliance)
    cache.clear()
    settings.REDIS = False
    assert queries.warm_pages(run) == 0
    settings.REDIS = True
    sel = queries.select(run, {})
    assert queries.warm_pages(run) == len(sel.scenarios) * len(sel.years) > 30

    def built(*args, **kwargs):
        raise AssertionError("a chart was built although the run's pages were warmed")

    monkeypatch.setattr(charts, "pyramid_chart", built)
    monkeypatch.setattr(charts, "fan", built)
    for scenario in sel.scenarios:
        context = queries.page_context(run, {"szenario": scenario, "jahr": str(sel.years[3])})
        assert context["charts"]["pyramid"]["title"]


def _page(client, url: str, params: dict) -> str:
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    return token.sub("", client.get(url, params).content.decode())


def test_with_its_tables_cached_the_page_reads_none_of_their_data(
    client, demo_alliance, monkeypatch
):
    """Issue 18: once the selection's tables and charts are cached as HTML, a visit reads
    neither the chart specs nor the rows from the cache again (they were 17 cache reads)."""
    run = ForecastRun.objects.get(alliance=demo_alliance)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    params = {"szenario": "hoch", "jahr": "2030"}
    first = _page(client, url, params)

    def read(*args, **kwargs):
        raise AssertionError("the page read its data although its tables are cached")

    monkeypatch.setattr(queries, "page_context", read)
    assert _page(client, url, params) == first


def test_a_part_that_expires_after_the_check_is_still_filled(client, demo_alliance, monkeypatch):
    """When a cached table expires between the view's check and the template, the template
    gets the data after all: the page is complete, never cached half empty."""
    from django.core.cache.utils import make_template_fragment_key

    from wohnbuendnis.forecast import views

    run = ForecastRun.objects.get(alliance=demo_alliance)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    first = _page(client, url, {})
    key = queries.fragment_key(run, queries.select(run, {}))
    cache.delete(make_template_fragment_key("forecast_tables_2", [key, "de"]))
    monkeypatch.setattr(views, "_fragment_cached", lambda fragment, key: True)
    assert _page(client, url, {}) == first
    assert "Wohnungsbedarf, Bestand und geplante Fertigstellungen" in first


def test_the_page_parts_name_everything_the_page_context_gives(demo_alliance):
    run = ForecastRun.objects.get(alliance=demo_alliance)
    given = set(queries.page_context(run, {}))
    assert given == {*queries.PAGE_PARTS, *queries.PAGE_LABELS, "sel", "fragment_key"}


def test_the_assumptions_on_the_run_page_follow_a_changed_assumption(
    client, demo_alliance, fachamt, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The assumptions section is cached with the alliance's generation of assumptions: a
    visit reads none of them, and a changed justification shows on the next visit."""
    from wohnbuendnis.forecast import services

    run = ForecastRun.objects.get(alliance=demo_alliance)
    client.force_login(fachamt)
    url = reverse("forecast:run", args=[demo_alliance.slug, run.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert not [q for q in captured if "forecast_assumption" in q["sql"]]
    assumption = run.assumption_sets.first().assumptions.first()
    assert assumption.justification in page
    with django_capture_on_commit_callbacks(execute=True):
        services.set_assumption(
            assumption.assumption_set,
            assumption.component,
            assumption.path,
            assumption.source,
            "Neu begründet: Trend der letzten fünf Jahre",
        )
    assert "Neu begründet: Trend der letzten fünf Jahre" in client.get(url).content.decode()
