"""Values at the boundary (issue 10, item 5): a correction must be finite and in range, and
values stored before the readers refused them (NaN, 1e308) render as missing, never as 500."""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def _observation(demo_alliance, key="population"):
    areas = demo_alliance.area.children.all()
    return (
        Observation.objects.filter(indicator__key=key, area__in=areas)
        .order_by("-year", "area__key")
        .first()
    )


@pytest.mark.parametrize("value", [1e308, -1e308, 1e16, math.inf, math.nan])
def test_a_correction_must_be_finite_and_plausible(demo_alliance, koordination, value):
    observation = _observation(demo_alliance)
    with pytest.raises(ValidationError):
        services.correct_observation(observation, value, "Tippfehler", koordination)
    observation.refresh_from_db()
    assert math.isfinite(observation.value) and observation.value < 1e15


def test_the_correction_form_refuses_1e308(client, demo_alliance, koordination):
    observation = _observation(demo_alliance)
    client.force_login(koordination)
    url = reverse("monitoring:correct", args=[demo_alliance.slug, observation.pk])
    response = client.post(url, {"value": "1e308", "reason": "Test"})
    assert response.status_code == 200  # the form again, with its error
    observation.refresh_from_db()
    assert observation.value < 1e15
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("stored", [math.nan, 1e308, math.inf])
def test_stored_bad_values_render_as_missing(client, demo_alliance, fachamt, stored):
    from django.db import connection

    if math.isnan(stored) and connection.vendor == "sqlite":
        pytest.skip("SQLite stores NaN as NULL; PostgreSQL keeps it (run with DATABASE_URL)")
    observation = _observation(demo_alliance)
    Observation.objects.filter(pk=observation.pk).update(value=stored)
    client.force_login(fachamt)
    slug = demo_alliance.slug
    query = f"?indikator=population&jahr={observation.year}"
    for url in [
        reverse("monitoring:map", args=[slug]) + query,
        reverse("monitoring:map_data", args=[slug]) + query,
        reverse("monitoring:dashboard", args=[slug]),
        reverse("monitoring:dashboard_area", args=[slug, observation.area_id]),
        reverse("monitoring:indicator", args=[slug, "population"]),
        reverse("monitoring:correct", args=[slug, observation.pk]),
        reverse("monitoring:download", args=[slug, "csv"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "NaN" not in body and "Infinity" not in body, url
