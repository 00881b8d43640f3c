"""The region-wide forecast (issue 15, item 4) through the services, from monitoring imports
of a small Kreis (no demo data): one run covers all municipalities, the demand table adds up,
the result page shows it, a changed figure changes the result, and who may do what."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.alliance.tests.factories import PersonFactory
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.forecast import region, services
from wohnbuendnis.forecast.engine import region_engine as pure
from wohnbuendnis.forecast.models import CITY, AssumptionSet, ForecastRun, RunStatus
from wohnbuendnis.forecast.tests.region_data import PLACES, musterkreis, person_with_role
from wohnbuendnis.monitoring.models import Indicator, Observation

pytestmark = pytest.mark.django_db


def _run(alliance, user=None, **options) -> ForecastRun:
    run = services.create_region_run(alliance, user, title="Gemeinden", **options)
    return services.execute_run(run.pk)


def test_one_run_covers_every_municipality_and_the_table_adds_up(tmp_path):
    alliance = musterkreis(tmp_path)
    run = _run(alliance)
    assert run.status == RunStatus.DONE, run.error
    assert run.inputs.municipalities and run.inputs.area_count == 3
    assert run.inputs.base_year == 2024 and run.horizon == 2054
    assert run.inputs.population == 52600 + 14900 + 2090
    keys = set(run.rows.exclude(area_key=CITY).values_list("area_key", flat=True))
    assert keys == {p[0] for p in PLACES}
    # the base year's population per municipality is the monitoring's
    base = {r.area_key: r.population for r in run.rows.filter(year=2024)}
    assert base["06999003"] == pytest.approx(2090)
    assert base[CITY] == pytest.approx(52600 + 14900 + 2090)
    # households of the base year are the monitoring's
    homes = {r.area_key: r.households for r in run.rows.filter(year=2024)}
    assert homes["06999002"] == pytest.approx(6900)

    table = region.demand(run, "gemeinden")
    assert [r.key for r in table.rows] == [p[0] for p in PLACES]
    for field in ("need", "small", "completions"):
        columns = zip(*(getattr(r, field) for r in table.rows), strict=True)
        assert list(getattr(table.total, field)) == [sum(c) for c in columns]
    assert table.total.population_start == 52600 + 14900 + 2090
    # planned completions: the city's 600 in 2026, Mittelhausen's permits two years later
    assert table.rows[0].completions[0] == 600
    assert table.rows[1].completions[0] == 60 + 80
    assert table.rows[2].completions_total == 0
    assert table.total.need_total > 0


def test_stored_names_and_notes_are_german_when_started_from_an_english_page(tmp_path):
    """The inputs' name, the assumption set and the history are read later by everyone: they
    are written in the site's language, not in that of the page that started the run."""
    alliance = musterkreis(tmp_path)
    with translation.override("en"):
        run = services.create_region_run(alliance, None, title="Gemeinden")
        ForecastRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
        services.publish_run(run, None)
    name = f"Gemeinden im Gebiet {alliance.area.name} aus dem Monitoring, Basisjahr 2024"
    assert run.inputs.name == name
    assumptions = AssumptionSet.objects.get(alliance=alliance, name=services.REGION_SET)
    assert assumptions.title == "Trend der Gemeinden"
    assert assumptions.description.startswith("Regionsweite Prognose")
    assert run.history.last().note == "veröffentlicht"


def test_a_changed_figure_changes_the_demand(tmp_path):
    alliance = musterkreis(tmp_path)
    first = region.demand(_run(alliance), "gemeinden")
    Observation.objects.filter(area__key="06999002", indicator__key="households").update(value=7400)
    second = region.demand(_run(alliance), "gemeinden")
    assert second.rows[1].households_start == 7400 != first.rows[1].households_start
    assert second.rows[1].need_total > first.rows[1].need_total
    assert second.rows[0] == first.rows[0]  # the other municipalities stay as they were


def test_the_finest_old_age_groups_and_the_women_are_used(tmp_path):
    alliance = musterkreis(tmp_path)
    big, middle = (Area.objects.get(key=key) for key in ("06999001", "06999002"))
    share = Indicator.objects.get(key="share_75_plus")
    women = Indicator.objects.get(key="population_female")
    Observation.objects.create(indicator=share, area=big, year=2024, value=11.0)
    Observation.objects.create(indicator=women, area=middle, year=2024, value=7_650)
    _places, data = region.figures(alliance.area)
    # Großstadt: 65+, 75+ and 80+ reported → 65–74, 75–79, 80–100; Mittelhausen 65–79, 80+
    assert [(g.low, g.high) for g in data.groups[0][1:]] == [(65, 74), (75, 79), (80, 100)]
    assert [g.count for g in data.groups[0][1:]] == pytest.approx(
        [52_600 * 0.10, 52_600 * 0.045, 52_600 * 0.065]
    )
    assert [(g.low, g.high) for g in data.groups[1][1:]] == [(65, 79), (80, 100)]
    assert np.isnan(data.women[0]) and data.women[1] == 7_650
    cells = pure.base_population(data)
    assert cells[1, 0].sum() == pytest.approx(7_650, rel=1e-6)
    assert cells[1].sum() == pytest.approx(14_900, rel=1e-6)
    assert cells[0, :, 75:80].sum() == pytest.approx(52_600 * 0.045)


def test_contradicting_age_shares_are_refused_naming_the_municipality(tmp_path):
    alliance = musterkreis(tmp_path)
    middle = Area.objects.get(key="06999002")
    share = Indicator.objects.get(key="share_75_plus")
    Observation.objects.create(indicator=share, area=middle, year=2024, value=24.0)  # 65+: 23
    with pytest.raises(ValidationError) as error:
        services.create_region_run(alliance, None, title="x")
    assert error.value.messages == [
        "Die Altersanteile von Mittelhausen (06999002) widersprechen sich: 24,0 % sind 75 Jahre "
        "und älter, aber nur 23,0 % 65 Jahre und älter. Bitte die Anteile im Monitoring prüfen."
    ]
    Observation.objects.filter(indicator=share).delete()
    women = Indicator.objects.get(key="population_female")
    Observation.objects.create(indicator=women, area=middle, year=2024, value=15_000)
    with pytest.raises(
        ValidationError, match=r"Mittelhausen \(06999002\) meldet für 2024 15\.000 "
    ):
        services.create_region_run(alliance, None, title="x")
    assert not ForecastRun.objects.exists()


def test_refused_without_municipalities_or_without_a_common_year(tmp_path):
    alliance = musterkreis(tmp_path)
    with pytest.raises(ValidationError, match="Einwohnerzahl"):
        Area.objects.create(
            parent=alliance.area, level=AreaLevel.MUNICIPALITY, key="06999004", name="Neudorf"
        )
        services.create_region_run(alliance, None, title="x")
    empty = Area.objects.create(level=AreaLevel.REGION, key="06998", name="Leerkreis")
    alliance.area = empty
    with pytest.raises(ValidationError, match="keine Gemeinden"):
        services.create_region_run(alliance, None, title="x")
    assert not ForecastRun.objects.exists()


def test_the_coordinator_starts_it_and_reads_the_demand_per_municipality(client, tmp_path):
    alliance = musterkreis(tmp_path)
    client.force_login(person_with_role(alliance, Role.COORDINATION, "kreis-koordination"))
    url = reverse("forecast:region_index", args=[alliance.slug])
    page = client.get(url)
    assert "Regionsweite Prognose starten" in page.content.decode()
    response = client.post(url, {"title": "Bedarf 2054", "submission_token": str(uuid.uuid4())})
    run = ForecastRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/gemeinden/{run.pk}/")
    assert run.status == RunStatus.DONE  # TASKS_IMMEDIATE in the tests
    html = client.get(response.url).content.decode()
    for key, name, *_rest in PLACES:
        assert key in html and name in html
    table = region.demand(run, "gemeinden")
    assert "Musterkreis (Summe der Gemeinden)" in html
    assert f">{table.total.need_total:,}<".replace(",", ".") in html  # German digits
    assert "Standardform" in html  # the method note on splitting the age groups
    geo = client.get(reverse("forecast:region_map", args=[alliance.slug, run.pk])).json()
    assert len(geo["features"]) == 3


# --- who may do what (docs/roles-and-permissions.md, Prognose) -------------------------------

PERSONAS = [*Role.values, "aussenstehend", "oeffentlichkeit"]
RUNNERS = {Role.COORDINATION, Role.SPECIALIST_OFFICE}


def test_every_persona_sees_exactly_its_region_forecast_pages(client, tmp_path):
    alliance = musterkreis(tmp_path)
    run = _run(alliance)
    for persona in PERSONAS[:-2]:
        person_with_role(alliance, persona, f"kreis-{persona}")
    PersonFactory(user__username="aussen")
    slug = alliance.slug
    pages = {
        "index": reverse("forecast:region_index", args=[slug]),
        "run": reverse("forecast:region_run", args=[slug, run.pk]),
        "map": reverse("forecast:region_map", args=[slug, run.pk]),
    }
    for persona in PERSONAS:
        client.logout()
        if persona == "aussenstehend":
            client.force_login(User.objects.get(username="aussen"))
        elif persona != "oeffentlichkeit":
            client.force_login(User.objects.get(username=f"kreis-{persona}"))
        member = persona in Role.values
        for page, url in pages.items():
            status = client.get(url).status_code
            expected = 200 if member else (302 if persona == "oeffentlichkeit" else 403)
            assert status == expected, (persona, page, status)
        before = ForecastRun.objects.count()
        token = str(uuid.uuid4())
        status = client.post(pages["index"], {"title": "x", "submission_token": token}).status_code
        expected = 302 if member and persona in RUNNERS else 403
        if persona == "oeffentlichkeit":
            expected = 302
        assert status == expected, (persona, "start", status)
        assert ForecastRun.objects.count() == before + (persona in RUNNERS)
    # a published run's page is public, as every published run's
    services.publish_run(run, None)
    client.logout()
    assert client.get(pages["run"]).status_code == 200
    assert client.get(pages["map"]).status_code == 200


def test_a_state_alliance_covers_the_municipalities_of_its_kreise(client, tmp_path):
    kreis = musterkreis(tmp_path)
    land = Alliance.objects.create(name="Allianz für Wohnen", slug="land", area=kreis.area.parent)
    run = _run(land)
    assert run.status == RunStatus.DONE, run.error
    assert run.inputs.area_count == 3
    client.force_login(person_with_role(land, Role.SPECIALIST_OFFICE, "land-fachamt"))
    html = client.get(reverse("forecast:run", args=[land.slug, run.pk])).content.decode()
    assert "Mittelhausen" in html  # names, not keys, on the general result page
    html = client.get(reverse("forecast:region_run", args=[land.slug, run.pk])).content.decode()
    assert "Hessen (Summe der Gemeinden)" in html
