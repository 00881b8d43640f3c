"""The dashboard reads its series in a fixed number of queries (no query per chart), the
cached chart template gives the same spec as Altair, and the fast number filter formats like
Django's ``floatformat``. Speed itself is measured in benchmarks/monitoring_web.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.monitoring import charts
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.templatetags.monitoring import number, signed


def _queries(client, url: str) -> int:
    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(executed)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_once")
def test_dashboard_queries_do_not_grow_with_the_key_figures(client, mitglied, demo_alliance):
    client.force_login(mitglied)
    district = demo_alliance.area.children.get(key="02")
    url = reverse("monitoring:dashboard_area", args=[demo_alliance.slug, district.pk])
    client.get(url)  # sessions, caches
    Indicator.objects.update(is_key_figure=False)
    Indicator.objects.filter(key__in=["population", "sgb2_rate"]).update(is_key_figure=True)
    few = _queries(client, url)
    Indicator.objects.update(is_key_figure=True)
    many = _queries(client, url)
    assert Indicator.objects.count() >= 30
    assert many == few


@pytest.mark.parametrize("lines", [0, 1, 2])
def test_cached_chart_template_gives_the_altair_spec(lines):
    series = [
        ("Nordstadt", {2020: 1.5, 2021: 2.25}),
        ("Musterstadt", {2019: 3.0, 2021: 4.0}),
    ][:lines]
    rows = [
        {"Gebiet": name, "Jahr": year, "Wert": value}
        for name, values in series
        for year, value in sorted(values.items())
    ]
    names = [name for name, _values in series]
    expected = charts.altair_time_series("SGB-II-Quote", "%", rows, names)
    assert charts.time_series("SGB-II-Quote", "%", series) == expected
    assert charts.time_series("Andere", "Anzahl", series)["title"] == "Andere"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "value", [0, -0.0, 12.25, 2.5, -0.04, 1234.5, 1_044_555, -98_765.4321, 0.005, 7]
)
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_number_filter_formats_like_floatformat(language, value, decimals):
    with translation.override(language):
        assert number(value, decimals) == floatformat(value, f"{decimals}g")


def test_number_and_signed_in_german():
    with translation.override("de"):
        assert number(1234.56, 1) == "1.234,6"
        assert number(None) == "–"
        assert signed(-0.44, 1) == "−0,4" and signed(2, 0) == "+2" and signed(0.0) == "±0,0"
