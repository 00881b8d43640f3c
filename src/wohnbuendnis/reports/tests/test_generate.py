"""Each built report kind in each format from the demo data set: the concept PDF holds the
three parts, every guideline, every measure number and title; the PDF is tagged (PDF/UA-1)
and its figures carry alternative text; the DOCX has Word's heading styles and the measures
table; the HTML is one accessible page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time

import docx
import pytest

from wohnbuendnis.concept import services as concept_services
from wohnbuendnis.concept.models import ConceptEdition, EditionStatus, Guideline, Measure
from wohnbuendnis.lib.browser_testing import pdf_page_screenshot
from wohnbuendnis.meetings.models import Meeting, Minutes, MinutesStatus
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options, ReportInputError

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process", "monitoring", "forecast")]
POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo (poppler-utils) missing: 'make test' installs them "
    "(python -m wohnbuendnis.lib.browser_setup), or apt-get install poppler-utils",
)


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True
    )
    return out.stdout.decode()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


@pytest.fixture
def concept(demo_alliance):
    return services.build_document("concept", Options(alliance=demo_alliance))


@pytest.mark.screenshots
def test_concept_in_every_format(concept, demo_alliance, tmp_path):
    """One demo for the four checks (the demo with monitoring and forecast takes ~15 s)."""
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        _check_pdf_text(concept, demo_alliance, tmp_path)
    _check_pdf_ua(concept)
    _check_docx(concept, demo_alliance)
    _check_html(concept)


@POPPLER
def test_poppler_is_there_for_the_pdf_text_checks():
    """Makes the skip visible: the PDF's text, tags and fonts are checked with poppler."""


def _check_pdf_text(concept, demo_alliance, tmp_path):
    started = time.perf_counter()
    pdf = services.render(concept, "pdf")
    assert time.perf_counter() - started < 60
    text = _flat(_pdf_text(pdf, tmp_path))
    parts = ("Analytischer Teil", "Normativer Teil", "Praktischer Teil", "Prozess und Organisation")
    for part in parts:
        assert part in text
    for guideline in Guideline.objects.filter(alliance=demo_alliance):
        assert guideline.name in text
    for measure in Measure.objects.filter(alliance=demo_alliance):
        assert f"Maßnahme {measure.number}: {_flat(measure.title)}" in text, measure
    assert demo_alliance.name in text
    adopted = ConceptEdition.objects.get(alliance=demo_alliance, status=EditionStatus.ADOPTED)
    decision = (
        f"Ratsbeschluss vom {adopted.decided_on:%d.%m.%Y}, Drucksache {adopted.printed_matter}"
    )
    assert decision in text
    assert f"Fassung {adopted.number}" in text
    assert "Anhang: Tabellen der Abbildungen" in text
    info = tmp_path / "r.pdf"
    out = subprocess.run(
        [shutil.which("pdfinfo"), str(info)], capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"Tagged:\s+yes", out)
    pages = int(re.search(r"Pages:\s+(\d+)", out).group(1))
    assert pages > Measure.objects.filter(alliance=demo_alliance).count()  # one page per measure
    fonts = subprocess.run(
        [shutil.which("pdffonts"), str(info)], capture_output=True, check=True
    ).stdout.decode()
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())  # emb


def _check_pdf_ua(concept):
    assert concept.figures, "the analytical part has charts"
    assert all(figure.alt and figure.table.rows for figure in concept.figures)
    pdf = services.render(concept, "pdf")
    pdf_page_screenshot(pdf, "report-concept-measures", 9)  # the measures table
    assert b"pdfuaid:part" in pdf or b"pdfuaid" in pdf
    assert pdf.count(b"/Alt") >= len(concept.figures)


def _check_docx(concept, demo_alliance):
    document = docx.Document(io.BytesIO(services.render(concept, "docx")))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == [
        "Analytischer Teil: Wohnungsmarkt und Prognose",
        "Normativer Teil: Leitlinien und Ziele",
    ]
    measures = next(t for t in document.tables if t.rows[0].cells[1].text == "Maßnahme")
    assert [c.text for c in measures.rows[0].cells] == [
        "Nr.", "Maßnahme", "federführend", "Partner", "Zeitraum", "Kosten (EUR)", "Status",
    ]  # fmt: skip
    numbers = [row.cells[0].text for row in measures.rows[1:]]
    expected = Measure.objects.filter(alliance=demo_alliance).order_by("number")
    assert numbers == [str(m.number) for m in expected]
    assert len(document.inline_shapes) == len(concept.figures)
    for shape in document.inline_shapes:
        assert shape._inline.docPr.get("descr")


def _check_html(concept):
    html = services.render(concept, "html").decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert html.count('<figure role="img" aria-label="') == len(concept.figures)
    assert "<h2>Praktischer Teil: Handlungsfelder und Maßnahmen</h2>" in html


def _meeting_with_minutes(demo_alliance, released: bool) -> Meeting:
    statuses = [MinutesStatus.APPROVED, MinutesStatus.PUBLISHED] if released else [
        MinutesStatus.DRAFTED, MinutesStatus.CIRCULATED, MinutesStatus.COMMENTED
    ]  # fmt: skip
    minutes = Minutes.objects.filter(
        meeting__body__alliance=demo_alliance, status__in=statuses
    ).first()
    assert minutes is not None, "the demo has such minutes"
    return minutes.meeting


@pytest.mark.screenshots
@pytest.mark.demo_parts("process")
def test_meeting_reports_in_every_format(demo_alliance):
    meeting = _meeting_with_minutes(demo_alliance, released=True)
    for kind in ("minutes", "invitation"):
        for public in (True, False):
            options = Options(alliance=demo_alliance, public=public, meeting_id=meeting.pk)
            document = services.build_document(kind, options)
            assert document.contains_non_public is not public
            for fmt in ("pdf", "docx", "html"):
                content = services.render(document, fmt)
                assert len(content) > 1000, (kind, public, fmt)
                if public and fmt == "pdf":
                    pdf_page_screenshot(content, f"report-{kind}", 1)


@pytest.mark.demo_parts("process")
def test_public_versions_hold_only_public_items_and_released_minutes(demo_alliance):
    meeting = _meeting_with_minutes(demo_alliance, released=True)
    secret = meeting.agenda_items.filter(public=False).first() or meeting.agenda_items.create(
        position=99, title="Vertrauliche Grundstücksfrage", public=False
    )
    for kind in ("minutes", "invitation"):
        public = services.build_document(kind, Options(demo_alliance, meeting_id=meeting.pk))
        internal = services.build_document(
            kind, Options(demo_alliance, public=False, meeting_id=meeting.pk)
        )
        assert secret.title not in public.text()
        assert secret.title in internal.text()
    draft = _meeting_with_minutes(demo_alliance, released=False)
    with pytest.raises(ReportInputError, match="nicht freigegeben"):
        services.build_document("minutes", Options(demo_alliance, meeting_id=draft.pk))
    internal = services.build_document(
        "minutes", Options(demo_alliance, public=False, meeting_id=draft.pk)
    )
    assert internal.contains_non_public


@pytest.mark.demo_parts("process")
def test_concept_of_an_edition(demo_alliance, koordination):
    """``--edition N`` is that edition's frozen snapshot; without it the public version is the
    adopted edition (as the public concept page) and the internal one the live draft."""
    adopted = ConceptEdition.objects.get(alliance=demo_alliance, status=EditionStatus.ADOPTED)
    measure = Measure.objects.get(alliance=demo_alliance, number=1)
    old = measure.title
    concept_services.update_measure(
        measure,
        koordination,
        measure.version,
        partners=list(measure.partners.all()),
        goals=list(measure.goals.all()),
        areas=list(measure.areas.all()),
        title="Neuer Titel im Entwurf",
    )
    public = services.build_document("concept", Options(demo_alliance))
    by_number = services.build_document(
        "concept", Options(demo_alliance, public=False, edition=adopted.number)
    )
    draft = services.build_document("concept", Options(demo_alliance, public=False))
    decision = (
        f"Ratsbeschluss vom {adopted.decided_on:%d.%m.%Y}, Drucksache {adopted.printed_matter}"
    )
    for document in (public, by_number):
        assert f"Maßnahme 1: {old}" in document.text()
        assert "Neuer Titel im Entwurf" not in document.text()
        assert decision in document.subtitle
    assert "Maßnahme 1: Neuer Titel im Entwurf" in draft.text()
    assert draft.subtitle == "Aktueller Entwurf (nicht beschlossen)"
    assert f"In Kraft ist die Fassung {adopted.number} ({decision})" in draft.text()
    # the next edition in the works: the public version refuses it, the internal one shows it
    concept_services.start_edition(demo_alliance, koordination, title="Fortschreibung 2027")
    with pytest.raises(ReportInputError, match="noch nicht beschlossen"):
        services.build_document("concept", Options(demo_alliance, edition=adopted.number + 1))
    work = services.build_document(
        "concept", Options(demo_alliance, public=False, edition=adopted.number + 1)
    )
    assert "Fortschreibung 2027" in work.subtitle and "Neuer Titel im Entwurf" in work.text()
    with pytest.raises(ReportInputError, match="Fassung 9 des Handlungskonzepts gibt es"):
        services.build_document("concept", Options(demo_alliance, edition=9))
    # no edition adopted yet: the public version has nothing to show, the internal one the draft
    ConceptEdition.objects.filter(alliance=demo_alliance).delete()
    with pytest.raises(ReportInputError, match="noch keine Fassung"):
        services.build_document("concept", Options(demo_alliance))
    assert (
        "Der Rat hat noch keine Fassung beschlossen."
        in services.build_document("concept", Options(demo_alliance, public=False)).text()
    )


def test_a_failed_report_tells_why_on_its_page(client, demo_alliance, koordination):
    """A report that cannot be built ends "fehlgeschlagen" and its page says why (not the
    last step "Daten werden gelesen")."""
    from django.urls import reverse

    from wohnbuendnis.reports.models import ReportStatus

    report = services.request_report(
        demo_alliance, koordination, kind="evaluation", fmt="pdf", year=1995
    )
    report = services.execute_report(report.pk)
    assert report.status == ReportStatus.FAILED
    assert "Evaluation" in report.message and report.message == report.error
    client.force_login(koordination)
    page = client.get(reverse("reports:report", args=[demo_alliance.slug, report.pk]))
    assert report.message in page.content.decode()
    assert "Daten werden gelesen" not in page.content.decode()
