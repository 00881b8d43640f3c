"""The alliance's index settings (indicators, lag of the dynamics, minimum population): set by
Koordination/Fachamt through the service and the form, kept as history, used by the index
page and its map."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import IndexSettings
from wohnbuendnis.monitoring.queries import index_settings, pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def test_defaults_then_settings_with_history(demo_alliance, fachamt, koordination):
    default = index_settings(demo_alliance)
    assert default.pk is None
    assert (default.indicators, default.dynamics_lag, default.min_population) == (
        ["sgb2_rate", "unemployment_rate", "child_poverty_rate"],
        2,
        300,
    )
    services.set_index_settings(demo_alliance, ["sgb2_rate"], 3, 1000, fachamt)
    latest = services.set_index_settings(
        demo_alliance, ["sgb2_rate", "vacancy_rate"], 1, 0, koordination
    )
    assert index_settings(demo_alliance) == latest
    history = IndexSettings.objects.filter(alliance=demo_alliance)
    assert [(s.dynamics_lag, s.changed_by) for s in history] == [(1, koordination), (3, fachamt)]


@pytest.mark.parametrize(
    ("indicators", "lag", "minimum", "message"),
    [
        ([], 2, 300, "mindestens einen Indikator"),
        (["sgb2_rate", "sgb2_rate"], 2, 300, "jeden nur einmal"),
        (["bogus"], 2, 300, "Indikatoren des Katalogs"),
        (["sgb2_rate"], 0, 300, "zwischen 1 und 10 Jahren"),
        (["sgb2_rate"], 2, -1, "nicht negativ"),
    ],
)
def test_invalid_settings_are_refused(demo_alliance, fachamt, indicators, lag, minimum, message):
    with pytest.raises(ValidationError, match=message):
        services.set_index_settings(demo_alliance, indicators, lag, minimum, fachamt)
    assert not IndexSettings.objects.filter(alliance=demo_alliance).exists()


def test_the_index_page_uses_the_settings(client, fachamt, demo_alliance):
    areas = list(demo_alliance.area.children.order_by("key"))
    default = index_settings(demo_alliance)
    # Dynamics over 2 years: the first two years have no index; over 5 years the first five.
    assert min(pages.index_years(areas, default)) == 2012
    client.force_login(fachamt)
    url = reverse("monitoring:index_settings", args=[demo_alliance.slug])
    response = client.post(
        url,
        {"indicators": ["sgb2_rate", "vacancy_rate"], "dynamics_lag": 5, "min_population": 15000},
    )
    assert response.status_code == 302
    settings = index_settings(demo_alliance)
    assert (settings.indicators, settings.dynamics_lag, settings.changed_by) == (
        ["sgb2_rate", "vacancy_rate"],
        5,
        fachamt,
    )
    assert min(pages.index_years(areas, settings)) == 2015
    page = client.get(reverse("monitoring:index", args=[demo_alliance.slug]))
    rows = page.context["rows"]
    assert {row["note"] for row in rows if not row["scored"]} <= {"small"}
    assert any(row["note"] == "small" for row in rows)  # districts under 15,000 inhabitants
    assert all(len(row["values"]) == 2 for row in rows)
    assert [i.key for i in page.context["index_indicators"]] == ["sgb2_rate", "vacancy_rate"]
    html = page.content.decode()
    assert "Dynamik über 5 Jahre" in html and "Leerstandsquote" in html
    data = client.get(reverse("monitoring:index_map_data", args=[demo_alliance.slug])).json()
    assert len(data["features"]) == 20


def test_the_form_shows_errors_and_keeps_the_settings(client, koordination, demo_alliance):
    client.force_login(koordination)
    url = reverse("monitoring:index_settings", args=[demo_alliance.slug])
    response = client.post(url, {"indicators": [], "dynamics_lag": 0, "min_population": 10})
    assert response.status_code == 200 and response.context["form"].errors
    assert not IndexSettings.objects.filter(alliance=demo_alliance).exists()
