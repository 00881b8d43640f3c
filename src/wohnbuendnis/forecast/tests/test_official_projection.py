"""An official projection imported with a preview, all or nothing, and shown beside the
alliance's own forecast: the real Destatis file (12421-0002, Germany) compared by its
development, and an office table of the city compared by its numbers."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wohnbuendnis.forecast.models import CITY, ForecastRun, OfficialProjection

pytestmark = pytest.mark.demo_parts("forecast")

DESTATIS = (
    "destatis-vorausberechnung-15/"
    "12421-0002_15kBV_variante1_G2L2W1_geschlecht_altersjahre_2022-2070.csv"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads and the demo's results in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, slug, name: str, data: bytes, comparison: str):
    return client.post(
        reverse("forecast:official_upload", args=[slug]),
        {
            "title": "Amtlich",
            "source": "Statistisches Bundesamt, GENESIS 12421-0002",
            "comparison": comparison,
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        },
    )


def _confirm(client, slug, preview):
    form = preview.context["confirm"]
    data = {name: str(value) for name, value in form.initial.items()}
    data["submission_token"] = str(uuid.uuid4())
    return client.post(reverse("forecast:official_upload", args=[slug]), data)


def test_the_destatis_projection_beside_the_own_forecast(client, fachamt, demo_alliance,
                                                         real_data):  # fmt: skip
    path = real_data / DESTATIS
    slug = demo_alliance.slug
    client.force_login(fachamt)
    preview = _upload(client, slug, path.name, path.read_bytes(), "entwicklung")
    html = preview.content.decode()
    assert "Vorschau" in html and "49 Jahre (2022–2070)" in html and "84.039.900" in html
    assert not OfficialProjection.objects.exists()  # nothing stored before the confirmation
    done = _confirm(client, slug, preview)
    assert done.status_code == 302
    projection = OfficialProjection.objects.get(alliance=demo_alliance)
    assert projection.region == "Deutschland" and len(projection.values) == 49
    assert projection.uploaded_by == fachamt
    run = ForecastRun.objects.get(alliance=demo_alliance)
    page = client.get(reverse("forecast:run", args=[slug, run.pk]), {"szenario": "mittel"})
    official = page.context["official"]
    destatis = dict(projection.values)
    own = {r.year: r.population for r in run.rows.filter(scenario="mittel", area_key=CITY)}
    factor = own[2024] / destatis[2024]  # the first common year: the run's base year
    row = next(r for r in official["rows"] if r["year"] == 2040)
    assert row["own"] == pytest.approx(own[2040])
    assert row["official"] == pytest.approx(destatis[2040] * factor)
    assert row["difference"] == pytest.approx(own[2040] - destatis[2040] * factor)
    assert row["percent"] == pytest.approx(100 * row["difference"] / row["official"])
    assert [r["year"] for r in official["rows"]] == list(range(2024, 2046))
    assert 'data-chart="chart-official"' in page.content.decode()


def test_an_office_table_of_the_city_by_its_numbers(client, koordination, demo_alliance):
    slug = demo_alliance.slug
    client.force_login(koordination)
    table = "Jahr;Bevölkerung\n2025;272.000\n2030;275.500\n2050;280.000\n".encode("cp1252")
    _confirm(client, slug, _upload(client, slug, "land.csv", table, "absolut"))
    run = ForecastRun.objects.get(alliance=demo_alliance)
    page = client.get(reverse("forecast:run", args=[slug, run.pk]), {"szenario": "hoch"})
    rows = page.context["official"]["rows"]
    assert [r["year"] for r in rows] == [2025, 2030]
    own = run.rows.get(scenario="hoch", area_key=CITY, year=2030).population
    assert rows[1]["official"] == 275_500
    assert rows[1]["difference"] == pytest.approx(own - 275_500)


def test_a_broken_file_is_refused_with_its_line_and_stores_nothing(client, fachamt,
                                                                   demo_alliance):  # fmt: skip
    client.force_login(fachamt)
    bad = b"Jahr;Einwohner\n2030;12.0x0\n"
    response = _upload(client, demo_alliance.slug, "kaputt.csv", bad, "absolut")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Vorausberechnung ist fehlerhaft" in html and "Zeile 2" in html
    assert not OfficialProjection.objects.exists()


def test_members_cannot_import(client, mitglied, demo_alliance):
    client.force_login(mitglied)
    response = _upload(client, demo_alliance.slug, "x.csv", b"Jahr;Einwohner\n2030;1\n", "absolut")
    assert response.status_code == 403
    assert not OfficialProjection.objects.exists()
