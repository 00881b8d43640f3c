"""The evaluation ("Erfolgskontrolle") of a frozen evaluation period and the yearly progress
report ("Jahresbericht zur Umsetzung") from the demo: in every format (the PDF tagged, the
DOCX with Word's heading styles and tables), with the same numbers as the pages show, and the
public version with only what Koordination released."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.concept import services as concept
from wohnbuendnis.concept.engine import RESULT_LABELS
from wohnbuendnis.concept.models import (
    EvaluationPeriod,
    EvaluationStatus,
    Goal,
    Measure,
    MeasureStatus,
    Milestone,
)
from wohnbuendnis.lib.browser_testing import pdf_page_screenshot
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options, ReportInputError
from wohnbuendnis.reports.document import Table
from wohnbuendnis.reports.models import Audience, Report, ReportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def _table(document, caption: str) -> Table:
    return next(b for b in document.blocks if isinstance(b, Table) and b.caption == caption)


def _row(table: Table, first: str) -> list[str]:
    return next(r for r in table.rows if r[0] == first)


@pytest.mark.screenshots
@pytest.mark.parametrize("kind", ["evaluation", "progress"])
def test_each_format(demo_alliance, kind, tmp_path):
    document = services.build_document(kind, Options(demo_alliance))
    assert not document.contains_non_public
    pdf = services.render(document, "pdf")
    pdf_page_screenshot(pdf, f"report-{kind}", 3)  # the goal matrix / the measures' status
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(pdf)
        info = subprocess.run([shutil.which("pdfinfo"), str(path)], capture_output=True, check=True)
        assert re.search(r"Tagged:\s+yes", info.stdout.decode())
        text = subprocess.run(
            [shutil.which("pdftotext"), str(path), "-"], capture_output=True, check=True
        )
        assert document.title in text.stdout.decode()
    word = docx.Document(io.BytesIO(services.render(document, "docx")))
    styles = {p.style.name for p in word.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(word.tables) >= len(tables) > 3
    html = services.render(document, "html").decode()
    assert html.startswith("<!DOCTYPE html>") and f"<h1>{document.title}</h1>" in html


def _period(demo_alliance) -> EvaluationPeriod:
    return EvaluationPeriod.objects.get(alliance=demo_alliance, status=EvaluationStatus.FROZEN)


def test_evaluation_counts_the_goals_per_result_as_the_evaluation_page(
    client, demo_alliance, koordination
):
    period = _period(demo_alliance)
    client.force_login(koordination)
    page = client.get(reverse("concept:evaluation", args=[period.pk])).text
    document = services.build_document("evaluation", Options(demo_alliance))
    assert period.title in document.subtitle
    summary = _table(document, "Ziele nach Ergebnis")
    shown = 0
    for label in RESULT_LABELS.values():
        on_page = len(re.findall(rf'<span class="kern-label">{label} \(\d{{4}}\)</span>', page))
        in_report = int(_row(summary, label)[1]) if on_page else 0
        assert in_report == on_page, label
        assert on_page == 0 or label in [r[0] for r in summary.rows]
        shown += on_page
    assert shown >= 5  # the demo's quantitative goals with a frozen result
    qualitative = Goal.objects.filter(alliance=demo_alliance, nature="qualitativ").count()
    assert _row(summary, "qualitativ")[1] == str(qualitative)
    assert _row(summary, "zusammen")[1] == str(period.assessments.count())
    # every assessment of the steering group is in the report
    for assessment in period.assessments.exclude(text=""):
        assert assessment.text in document.text()


def test_evaluation_by_year_and_without_a_frozen_period(demo_alliance, koordination):
    period = _period(demo_alliance)
    in_period = services.build_document("evaluation", Options(demo_alliance, year=period.year_to))
    assert period.title in in_period.subtitle
    with pytest.raises(ReportInputError, match="Für das Jahr 2010 gibt es keine"):
        services.build_document("evaluation", Options(demo_alliance, year=2010))
    EvaluationPeriod.objects.filter(alliance=demo_alliance).delete()
    with pytest.raises(ReportInputError, match="noch keine festgeschriebene Evaluation"):
        services.build_document("evaluation", Options(demo_alliance))


def test_an_unreleased_change_reaches_only_the_internal_reports(demo_alliance, koordination):
    """A new actual value and a measure's new progress, not released: the public concept,
    evaluation and progress reports keep the released state, the internal ones show them;
    after the release the public ones follow."""
    year = timezone.localdate().year - 1
    goal = Goal.objects.get(alliance=demo_alliance, code="Q3")
    concept.record_goal_measurement(goal, year, 4321, koordination, "Nachmeldung")
    measure = Measure.objects.filter(
        alliance=demo_alliance, status=MeasureStatus.IN_PROGRESS
    ).first()
    concept.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 97)
    period = concept.open_evaluation(
        demo_alliance, koordination, title="Nachtrag", year_from=year, year_to=year
    )
    concept.freeze_evaluation(period, koordination)

    def reports(public: bool) -> dict[str, object]:
        return {
            kind: services.build_document(kind, Options(demo_alliance, public=public, year=year))
            for kind in ("concept", "evaluation", "progress")
        }

    def seen(documents) -> dict[str, str]:
        matrix = _table(documents["concept"], "Ziele, Stand der Zielerreichung und Maßnahmen")
        evaluation = next(
            b for b in documents["evaluation"].blocks
            if isinstance(b, Table) and any(r[0] == "Q3" for r in b.rows)
        )  # fmt: skip
        measures = _table(documents["progress"], "Maßnahmen des Handlungskonzepts")
        overview = _table(documents["concept"], "Maßnahmen")
        return {
            "concept goal": _row(matrix, "Q3")[3],
            "evaluation goal": _row(evaluation, "Q3")[3],
            "progress measure": _row(measures, str(measure.number))[4],
            "concept measure": _row(overview, str(measure.number))[6],
        }

    public, internal = seen(reports(True)), seen(reports(False))
    assert internal == {
        "concept goal": f"4.321,0 ({year})",
        "evaluation goal": f"4.321 ha ({year})",
        "progress measure": "97\u00a0%",  # a no-break space: "%" never starts a line
        "concept measure": "in Umsetzung (97\u00a0%)",
    }
    assert "4.321" not in public["concept goal"] and "4.321" not in public["evaluation goal"]
    assert public["evaluation goal"] == "–"  # the frozen value is not released: withheld
    assert public["progress measure"] == f"{measure.released_progress}\u00a0%" != "97\u00a0%"
    assert "97\u00a0%" not in public["concept measure"]
    concept.release_all(demo_alliance, koordination)
    assert seen(reports(True)) == internal


def test_progress_report_has_the_numbers_of_the_pages(client, demo_alliance, koordination):
    document = services.build_document("progress", Options(demo_alliance))
    assert document.subtitle == f"Berichtsjahr {timezone.localdate().year - 1}"
    projects = client.get(reverse("concept:projects", args=[demo_alliance.slug])).context
    by_status = _table(document, "Bauvorhaben nach Status")
    total = _row(by_status, "zusammen")
    assert total[2] == f"{projects['totals']['dwellings']:,}".replace(",", ".")
    assert total[3] == f"{projects['totals']['social']:,}".replace(",", ".")
    for label, dwellings in projects["by_status"].items():
        assert _row(by_status, str(label))[2] == f"{dwellings:,}".replace(",", "."), label
    # the measures as the public progress page shows them (released status and progress)
    public_page = client.get(reverse("concept:public", args=[demo_alliance.slug])).text
    measures = _table(document, "Maßnahmen des Handlungskonzepts")
    for number, title, _lead, status, progress, _milestones in measures.rows[:8]:
        shown = progress.replace("\u00a0", " ")  # the PDF keeps "%" with its number
        assert f"{number}. {title} – {status}, {shown}" in public_page, number
    # the milestones of the year: reached, missed, due next year
    year = timezone.localdate().year - 1
    overview = _table(document, "Meilensteine im Überblick")
    reached = Milestone.objects.filter(measure__alliance=demo_alliance, reached_on__year=year)
    assert _row(overview, f"Im Jahr {year} erreicht")[1] == str(reached.count()) != "0"
    missed = Milestone.objects.filter(
        measure__alliance=demo_alliance, due__year=year, reached_on__isnull=True
    )
    assert _row(overview, f"Im Jahr {year} fällig und im Jahr nicht erreicht")[1] == str(
        missed.count()
    )
    assert all(m.title in document.text() for m in [*reached, *missed])
    # the self-commitments: who reported for the year, the statements stay internal
    signatories = _table(
        document, f"Unterzeichnende und ihre Berichte für {timezone.localdate().year - 1}"
    )
    assert {r[2] for r in signatories.rows} == {"ja"}
    internal = services.build_document("progress", Options(demo_alliance, public=False))
    assert internal.contains_non_public
    assert "freie geförderte Wohnungen gemeldet" in internal.text()
    assert "freie geförderte Wohnungen gemeldet" not in document.text()


def test_progress_year_is_checked(demo_alliance):
    with pytest.raises(ReportInputError, match="Berichtsjahr 1800"):
        services.build_document("progress", Options(demo_alliance, year=1800))


def test_the_reports_page_passes_the_year(client, demo_alliance, koordination):
    client.force_login(koordination)
    url = reverse("reports:index", args=[demo_alliance.slug])
    page = client.get(url).text
    assert 'name="year"' in page
    assert '<option value="evaluation">' in page and '<option value="progress">' in page
    year = _period(demo_alliance).year_to
    for kind in ("evaluation", "progress"):
        data = {"kind": kind, "fmt": "html", "audience": Audience.PUBLIC, "year": str(year)}
        response = client.post(url, data | {"submission_token": str(uuid.uuid4())})
        assert response.status_code == 302
        report = Report.objects.latest("pk")
        assert (report.kind, report.year, report.status) == (kind, year, ReportStatus.DONE)
    listing = client.get(url).text
    assert f"Erfolgskontrolle {year}</a>" in listing
    assert f"Jahresbericht zur Umsetzung {year}</a>" in listing
    # the year is not the concept's: a concept report keeps no year
    data = {"kind": "concept", "fmt": "html", "audience": Audience.PUBLIC, "year": "2020"}
    client.post(url, data | {"submission_token": str(uuid.uuid4())})
    assert Report.objects.latest("pk").year is None
