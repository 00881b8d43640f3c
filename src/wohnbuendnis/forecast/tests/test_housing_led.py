"""The housing-led variant on the web: chosen on the run form, computed as the engine does,
named on the run page, refused for inputs without households and dwellings."""

from __future__ import annotations

import io
import uuid
import zipfile

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from wohnbuendnis.analytics.forecast.housing_led import implied_population
from wohnbuendnis.analytics.forecast.simulate import scenario_multipliers, simulate
from wohnbuendnis.forecast import services, tasks
from wohnbuendnis.forecast.models import CITY, ForecastRun, RunStatus

pytestmark = pytest.mark.demo_parts("forecast")


@pytest.fixture
def demo_run(demo_alliance):
    return ForecastRun.objects.get(alliance=demo_alliance)


def test_the_run_form_starts_a_housing_led_run_named_on_its_page(client, fachamt, demo_run):
    slug = demo_run.alliance.slug
    mittel = demo_run.assumption_sets.get(name="mittel")
    client.force_login(fachamt)
    form = client.get(reverse("forecast:run_new", args=[slug])).content.decode()
    assert 'name="housing_led"' in form and "Wohnungsbasierte Variante" in form
    response = client.post(
        reverse("forecast:run_new", args=[slug]),
        {
            "title": "Wohnungsbasiert",
            "inputs": demo_run.inputs.pk,
            "assumption_sets": [mittel.pk],
            "horizon": 2030,
            "draws": 0,
            "seed": 0,
            "completions_source": "inputs",
            "base_source": "inputs",
            "housing_led": "on",
            "submission_token": str(uuid.uuid4()),
        },
    )
    run = ForecastRun.objects.get(title="Wohnungsbasiert")
    assert response.status_code == 302
    assert run.housing_led and run.status == RunStatus.DONE
    page = client.get(reverse("forecast:run", args=[slug, run.pk])).content.decode()
    assert "Wohnungsbasierte Variante:" in page
    trend = client.get(reverse("forecast:run", args=[slug, demo_run.pk])).content.decode()
    assert "Trendvariante" in trend


def test_the_population_of_a_housing_led_run_lives_in_the_planned_stock(demo_run, fachamt):
    sets = list(demo_run.assumption_sets.filter(name="mittel"))
    led = tasks.start_run(
        demo_run.inputs, sets, fachamt, title="led", horizon=2030, housing_led=True
    )
    trend = tasks.start_run(demo_run.inputs, sets, fachamt, title="trend", horizon=2030)
    led.refresh_from_db()
    assert led.status == RunStatus.DONE, led.error
    inputs, _backtest = services.prepared_inputs(led)
    mult = scenario_multipliers(inputs, inputs.scenarios["mittel"])
    expected = implied_population(inputs, simulate(inputs, mult, components=False)[0])
    stored = [led.rows.get(scenario="mittel", area_key=CITY, year=y).population for y in
              range(2025, 2031)]  # fmt: skip
    np.testing.assert_allclose(stored, expected[1:].sum(axis=1), rtol=1e-6)
    # the trend variant of the same inputs ends elsewhere: the variant changes the numbers
    other = trend.rows.get(scenario="mittel", area_key=CITY, year=2030).population
    assert abs(other - stored[-1]) > 100


def test_a_housing_led_run_needs_households_and_dwellings(demo_run, fachamt):
    with demo_run.inputs.archive.open("rb") as stored, zipfile.ZipFile(stored) as z:
        files = {n: z.read(n) for n in z.namelist() if not n.endswith("dwellings.csv")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    inputs = services.upload_inputs(
        demo_run.alliance,
        demo_run.alliance.area,
        fachamt,
        "ohne Bestand",
        ContentFile(buffer.getvalue(), name="x.zip"),
    )
    sets = list(demo_run.assumption_sets.filter(name="mittel"))
    with pytest.raises(ValidationError, match=r"dwellings\.csv"):
        services.create_run(inputs, sets, fachamt, title="x", housing_led=True)
    assert not ForecastRun.objects.filter(title="x").exists()
