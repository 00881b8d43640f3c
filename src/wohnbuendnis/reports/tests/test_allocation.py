"""The yearly allocation statistics (``allocation``): each format from the demo, the figures
equal those of the audit page for the same year, small groups suppressed, and only those who
see the allocation's statistics request or read it."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import uuid

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.allocation import queries
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdCriterion,
    HouseholdStatus,
    HouseholdType,
    NationalityGroup,
)
from wohnbuendnis.concept.tests.test_permission_matrix import ALL, FA, KO, PUB, _login
from wohnbuendnis.lib.browser_testing import pdf_page_screenshot
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options
from wohnbuendnis.reports.models import Audience, Report, ReportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("allocation")]


def _year() -> int:
    """The demo's last complete year (the report's default year)."""
    return timezone.localdate().year - 1


@pytest.fixture
def statistics(demo_alliance):
    return services.build_document("allocation", Options(demo_alliance, year=_year()))


def _rows(document, caption: str) -> list[list[str]]:
    return next(t.rows for t in _tables(document) if t.caption == caption)


def _tables(document):
    tables = [b for b in document.blocks if hasattr(b, "rows")]
    return tables + [f.table for f in document.figures]


@pytest.mark.screenshots
def test_the_statistics_in_every_format(statistics, demo_alliance, tmp_path):
    year = _year()
    assert statistics.title == "Jahresstatistik der Wohnungsvergabe"
    assert str(year) in statistics.subtitle
    assert not statistics.contains_non_public
    # the vacancies chart and one audit chart per dimension that has groups to show
    assert len(statistics.figures) >= 3
    assert all(f.alt and f.table.rows for f in statistics.figures)
    pdf = services.render(statistics, "pdf")
    pdf_page_screenshot(pdf, "report-allocation-audit", 7)  # the audit with its chart
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Alt") >= len(statistics.figures)
    if shutil.which("pdftotext"):
        path = tmp_path / "a.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [shutil.which("pdftotext"), str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
        text = re.sub(r"\s+", " ", text)
        for heading in ("Überblick", "Vermittlungen und Wartezeiten", "Notfälle"):
            assert heading in text
        assert "Audit: Diskriminierungsfreiheit der Vergabe" in text
    document = docx.Document(io.BytesIO(services.render(statistics, "docx")))
    assert {"Heading 1", "Heading 2"} <= {p.style.name for p in document.paragraphs}
    assert len(document.inline_shapes) == len(statistics.figures)
    assert any(t.rows[0].cells[0].text == "Kennzahl" for t in document.tables)
    html = services.render(statistics, "html").decode()
    assert html.count('<figure role="img" aria-label="') == len(statistics.figures)
    assert "<h2>Audit: Diskriminierungsfreiheit der Vergabe</h2>" in html


def test_the_figures_equal_the_audit_page_of_the_year(client, statistics, demo_alliance):
    year = _year()
    _login(client, KO)
    response = client.get(reverse("allocation:audit", args=[demo_alliance.slug]), {"jahr": year})
    assert response.status_code == 200
    page = response.context
    assert page["year"] == year
    # closed cases of the year: housed, mean waiting days, deregistered
    (closing,) = page["years"]
    housed, mean, deregistered = _rows(statistics, f"Abgeschlossene Fälle {year}")[0]
    assert housed == str(closing["housed"]) and closing["housed"] >= 5
    assert mean == str(closing["mean_waiting_days"])
    assert deregistered == str(closing["deregistered"])
    # the flats lost to late cost coverage, month by month and in all
    lost = _rows(statistics, f"Verlorene Wohnungen {year} je Monat")
    expected = [
        "weniger als 5" if r["suppressed"] else str(r["count"]) for r in page["late_coverage"]
    ]
    assert [row[1] for row in lost] == expected
    assert page["late_coverage"][-1]["count"] > 0
    # the audit: the acceptance rate of every shown group, all landlords
    nationality = next(
        t for label, t, _rows_, _c in page["tables"] if label == "Staatsangehörigkeit"
    )
    overall = nationality[0]
    shown = [c for c in overall.cells if not c.suppressed]
    assert shown
    table = _rows(statistics, "Annahmequote nach Staatsangehörigkeit")
    for cell in shown:
        row = next(r for r in table if r[0] == cell.label)
        assert row[1] == f"{round(100 * cell.accepted / cell.decided)} %"
        assert row[3] == str(cell.decided)
    # the biased landlord of the demo is flagged in the report as on the page
    flagged = {t.landlord for t in nationality if t.flagged}
    per_landlord = _rows(statistics, "Annahmequote nach Staatsangehörigkeit je Vermieter")
    assert flagged and {r[0] for r in per_landlord if r[2] == "Hinweis auf Benachteiligung"} == {
        name or "alle Vermieter" for name in flagged
    }
    # time to lease of the flats let in the year
    lease = _rows(
        statistics, f"Tage von „frei ab“ bis zum Mietvertrag, {year} vermietete Wohnungen"
    )
    assert [r[1] for r in lease] == [str(r["count"]) for r in page["lease"]]


def test_waiting_times_and_emergencies_are_counted_from_the_register(statistics, demo_alliance):
    year = _year()
    waiting = sorted(queries.housed_waiting_days(demo_alliance, year).values())
    assert len(waiting) >= 5
    count, q1, median, q3 = _rows(statistics, f"Wartezeit {year} in Tagen")[0]
    assert count == str(len(waiting))
    n = len(waiting)
    middle = (waiting[(n - 1) // 2] + waiting[n // 2]) / 2
    assert float(median.replace(",", ".")) == middle
    assert float(q1.replace(",", ".")) <= middle <= float(q3.replace(",", "."))
    emergency = queries.emergency_placements(demo_alliance, year)
    housed_in_year = set(queries.housed_waiting_days(demo_alliance, year))
    marked = set(
        HouseholdCriterion.objects.filter(
            household__in=housed_in_year, criterion__in=list(queries.EMERGENCY_CRITERIA)
        ).values_list("household_id", flat=True)
    )
    assert emergency["housed"] == len(marked) > 0
    row = _rows(statistics, f"Notfälle, {year} versorgt")[0]
    assert row[0] == ("weniger als 5" if emergency["housed_suppressed"] else str(len(marked)))


@pytest.mark.demo_parts()
def test_a_small_group_is_suppressed(demo_alliance):
    """Four households housed in a year, two of them emergencies: no count, no mean, no
    median in the report, only "weniger als 5"."""
    year = 2031
    moment = timezone.make_aware(datetime.datetime(year, 6, 1, 10))
    for i in range(4):
        household = Household.objects.create(
            alliance=demo_alliance, reference=f"T-{i}", name=f"Testhaushalt {i}",
            registered_on=datetime.date(year, 1, 10), persons=2, income_eur=20000,
            household_type=HouseholdType.COUPLE, nationality_group=NationalityGroup.EU,
            status=HouseholdStatus.HOUSED, status_changed_at=moment,
        )  # fmt: skip
        if i < 2:
            HouseholdCriterion.objects.create(
                household=household, criterion="homeless", checked_at=moment
            )
    document = services.build_document("allocation", Options(demo_alliance, year=year))
    assert _rows(document, f"Abgeschlossene Fälle {year}") == [["weniger als 5", "–", "0"]]
    assert _rows(document, f"Wartezeit {year} in Tagen") == [["weniger als 5", "–", "–", "–"]]
    assert _rows(document, f"Notfälle, {year} versorgt")[0][:3] == [
        "weniger als 5", "weniger als 5", "–",
    ]  # fmt: skip
    assert "weniger als 5" in document.text()
    assert "Zahlen von Haushalten oder Entscheidungen unter 5 werden nicht genannt" in (
        document.text()
    )
    for i in range(4):
        assert f"Testhaushalt {i}" not in document.text() and f"T-{i}" not in document.text()


@pytest.mark.demo_parts("process", "allocation")
def test_only_who_sees_the_allocation_statistics_requests_it(client, demo_alliance):
    """Koordination may (it sees the audit); Fachamt generates other reports but not this one
    unless it sits in a body named for the audit; nobody else, the IT administration neither."""
    url = reverse("reports:index", args=[demo_alliance.slug])
    fachamt = User.objects.get(username=FA)
    in_audit_body = demo_alliance.allocation_settings.audit_bodies.filter(
        members__user=fachamt
    ).exists()
    allowed = {KO} | ({FA} if in_audit_body else set())
    for name in [*ALL, "admin"]:
        if name == "admin":
            client.force_login(User.objects.get(username="admin"))
        else:
            _login(client, name)
        before = Report.objects.count()
        data = {"kind": "allocation", "fmt": "html", "audience": Audience.PUBLIC, "year": _year()}
        response = client.post(url, data | {"submission_token": str(uuid.uuid4())})
        if name in allowed:
            assert response.status_code == 302, name
            report = Report.objects.latest("pk")
            assert (report.kind, report.year, report.status) == (
                "allocation", _year(), ReportStatus.DONE,
            )  # fmt: skip
        else:
            assert Report.objects.count() == before, name
            assert response.status_code in ((302,) if name == PUB else (200, 403)), name
        offered = b'value="allocation"' in client.get(url).content
        assert offered is (name in allowed), name


@pytest.mark.demo_parts("process", "allocation")
def test_an_unpublished_allocation_report_stays_with_those_who_see_the_statistics(
    client, demo_alliance
):
    koordination = User.objects.get(username=KO)
    report = services.request_report(
        demo_alliance, koordination, kind="allocation", fmt="html", year=_year()
    )
    report = services.execute_report(report.pk)
    assert report.status == ReportStatus.DONE
    url = reverse("reports:download", args=[demo_alliance.slug, report.pk])
    readers = {KO} | (
        {FA}
        if demo_alliance.allocation_settings.audit_bodies.filter(
            members__user__username=FA
        ).exists()
        else set()
    )
    for name in ALL:
        _login(client, name)
        status = client.get(url).status_code
        assert status == (200 if name in readers else (302 if name == PUB else 403)), name
    client.force_login(User.objects.get(username="admin"))
    assert client.get(url).status_code == 403
    services.publish_report(report, koordination)
    client.logout()
    assert client.get(url).status_code == 200
