"""The housing-market report (``market``) from the demo: every format; the PDF names every
district and prints the key figures exactly as the barometer pages do; charts are the pages'
own specs, each with alternative text and its table; the public version holds only public
indicators; an alliance without monitoring data gets a German message, not a crash."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from wohnbuendnis.alliance.tests.factories import AllianceFactory
from wohnbuendnis.forecast import queries as forecast_queries
from wohnbuendnis.lib.browser_testing import pdf_page_screenshot
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.queries import pages
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options, ReportInputError
from wohnbuendnis.reports.builders.market import forecast_run

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("monitoring", "forecast")]
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None


def _pdf(pdf: bytes, tmp_path) -> tuple[str, str]:
    """(text as laid out, a table row on one line; pdfinfo) of a PDF."""
    path = tmp_path / "market.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    info = subprocess.run(
        [shutil.which("pdfinfo"), str(path)], capture_output=True, check=True
    ).stdout.decode()
    return text, info


def _page_value(client, url: str, key: str) -> str:
    """A key figure as the barometer page prints it (``data-testid="value-KEY"``)."""
    html = client.get(url).content.decode()
    match = re.search(rf'data-testid="value-{key}">([^<]+)<', html)
    assert match, f"{url} shows {key}"
    return match.group(1)


@pytest.mark.screenshots
def test_market_report_in_every_format(demo_alliance, client, koordination, tmp_path):
    document = services.build_document("market", Options(alliance=demo_alliance))
    districts = list(demo_alliance.area.children.order_by("key"))

    # ≥ 25 charts, each with alternative text and its numbers as a table (the annex)
    assert len(document.figures) >= 25
    assert all(f.alt and f.table.rows and f.table.header for f in document.figures)
    titles = [f.title for f in document.figures]
    assert any("nach Teilgebieten" in t for t in titles), "district maps"
    assert any(t.startswith("Statusklassen des Index") for t in titles), "index map"
    assert any(t.startswith("Bevölkerungspyramide") for t in titles)
    assert any(t.startswith("Haushalte je Szenario") for t in titles)
    assert any(t.startswith("Wohnungsbedarf und Bestand") for t in titles)
    for district in districts:  # one profile page with its charts per district
        assert any(t.startswith(f"{district.name}: ") for t in titles), district

    # one spec per chart: the report's charts are the pages' own specs
    board = pages.dashboard(demo_alliance, demo_alliance.area, public=True)
    population = next(f for f in document.figures if f.title == board["charts"][0].indicator.name)
    assert population.spec == board["charts"][0].spec
    run = forecast_run(demo_alliance, public=True)
    page = forecast_queries.page_context(run, {})
    assert any(f.spec == page["charts"]["demand"] for f in document.figures)
    assert any(f.spec == page["charts"]["households"] for f in document.figures)

    if POPPLER:
        pdf = services.render(document, "pdf")
        pdf_page_screenshot(pdf, "report-market-map", 25)
        pdf_page_screenshot(pdf, "report-market-profile", 38)
        text, info = _pdf(pdf, tmp_path)
        assert re.search(r"Tagged:\s+yes", info)
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 40
        for district in districts:
            assert district.name in text, district
        # the key figures are the barometer's, formatted as on its pages
        city = _page_value(
            client, reverse("monitoring:public_barometer", args=[demo_alliance.slug]), "population"
        )
        client.force_login(koordination)
        district = districts[3]
        own = _page_value(
            client,
            reverse("monitoring:dashboard_area", args=[demo_alliance.slug, district.pk]),
            "population",
        )
        year = board["figures"][0].year
        # the overview's row (value, unit, change) and the profile's (district, city, unit)
        assert re.search(rf"{year}\s+{re.escape(city)}\s+Personen\s+[+−±]", text)
        assert re.search(
            rf"Einwohner\s+{year}\s+{re.escape(own)}\s+{re.escape(city)}\s+Personen", text
        )
        assert "Auffällige Gebiete" in text and "Anhang: Tabellen der Abbildungen" in text

    word = docx.Document(io.BytesIO(services.render(document, "docx")))
    headings = {p.text for p in word.paragraphs if p.style.name == "Heading 2"}
    assert {d.name for d in districts} <= headings
    assert "Der Wohnungsmarkt im Überblick" in {
        p.text for p in word.paragraphs if p.style.name == "Heading 1"
    }
    assert len(word.inline_shapes) == len(document.figures)
    assert all(shape._inline.docPr.get("descr") for shape in word.inline_shapes)

    html = services.render(document, "html").decode()
    assert html.count('<figure role="img" aria-label="') == len(document.figures)


def test_public_version_holds_public_indicators_only(demo_alliance):
    public = services.build_document("market", Options(alliance=demo_alliance))
    internal = services.build_document("market", Options(alliance=demo_alliance, public=False))
    hidden = Indicator.objects.filter(is_public=False, observations__isnull=False).distinct()
    assert hidden
    public_titles = {f.title for f in public.figures}
    internal_titles = {f.title for f in internal.figures}
    for indicator in hidden:
        assert indicator.name not in public_titles
    assert {i.name for i in hidden} & internal_titles
    assert not public.contains_non_public
    assert internal.contains_non_public  # can never go to the public pages


def test_an_earlier_year_and_a_year_without_data(demo_alliance):
    document = services.build_document("market", Options(alliance=demo_alliance, year=2020))
    assert "Berichtsjahr 2020" in document.subtitle
    overview = next(b for b in document.blocks if getattr(b, "caption", "").startswith("Kennz"))
    assert {row[1] for row in overview.rows} == {"2020"}
    with pytest.raises(ReportInputError, match="Für das Jahr 1900 liegen keine Werte vor"):
        services.build_document("market", Options(alliance=demo_alliance, year=1900))


@pytest.mark.demo_parts()
def test_an_alliance_without_monitoring_data_gets_a_german_message(db):
    alliance = AllianceFactory()
    with pytest.raises(ReportInputError, match="noch keine Werte der Wohnungsmarktbeobachtung"):
        services.build_document("market", Options(alliance=alliance))
