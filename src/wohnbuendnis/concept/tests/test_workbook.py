"""The concept workbook's round trip (issue 12.6): downloaded and uploaded again it changes
nothing; Kassel's 4 guidelines and 24 recommendations fill an empty alliance; a broken
workbook is refused naming sheet, row and column of every problem and writes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.utils import translation

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.tests.factories import AllianceFactory, OrganisationFactory
from wohnbuendnis.analytics.io import concept_workbook_format as fmt
from wohnbuendnis.analytics.io.concept_workbook import parse_concept_workbook
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import (
    BuildingProject,
    Goal,
    GoalDirection,
    GoalKind,
    GoalNature,
    Guideline,
    Measure,
    MeasureStatus,
    MeasureStatusChange,
    Milestone,
    Priority,
    ProjectStatus,
    RentSegment,
    TargetGroup,
)
from wohnbuendnis.concept.services.workbook import (
    WorkbookRefused,
    apply_workbook,
    preview_workbook,
)

pytestmark = pytest.mark.django_db
KASSEL = {
    "Quantität": ["Wohnungsneubau verstetigen", "Bauland aktivieren", "Nachverdichtung prüfen",
                  "Konversionsflächen entwickeln", "Baulücken schließen", "Dachausbau fördern"],
    "Qualität": ["Barrierearm umbauen", "Energetisch sanieren", "Quartiere aufwerten",
                 "Wohnumfeld gestalten", "Gemeinschaftliches Wohnen stärken",
                 "Studierendenwohnen sichern"],
    "Preis": ["Sozialquote anwenden", "Belegungsbindungen ankaufen", "Mietspiegel fortschreiben",
              "Konzeptvergabe nach Preis", "Erbbaurecht nutzen", "Genossenschaften stärken"],
    "Zugang": ["Wohnungsnotfälle versorgen", "Kooperationsvertrag schließen",
               "Beratungsstelle einrichten", "Wohnungstausch erleichtern",
               "Diskriminierung abbauen", "Geflüchtete unterbringen"],
}  # fmt: skip


def _header(sheet: str) -> list[str]:
    return [c.header for c in fmt.SHEETS[sheet][0]]


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with every sheet (header row first) and the given rows (by header name)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for sheet in fmt.SHEETS:
        ws = book.add_worksheet(sheet)
        ws.write_row(0, 0, _header(sheet))
        for r, row in enumerate(sheets.get(sheet, []), start=1):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    ws.write_string(r, c, value.strftime("%d.%m.%Y"))
                elif value is not None:
                    ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _row(sheet: str, **values) -> list[object]:
    return [values.get(c.field) for c in fmt.SHEETS[sheet][0]]


@pytest.fixture
def alliance():
    return AllianceFactory(name="Kassel")


@pytest.fixture
def orgs(alliance):
    names = ["Stadt Kassel", "GWG der Stadt Kassel", "Mieterverein Kassel"]
    found = [OrganisationFactory(name=name) for name in names]
    for org in found:
        alliance_services.admit_organisation(alliance, org, datetime.date(2020, 1, 1))
    return found


@pytest.fixture
def user():
    return User.objects.create_user("ko", password="x")


def _kassel() -> bytes:
    guidelines = [_row("Leitlinien", number=n, name=name, text=f"Leitlinie {name}")
                  for n, name in enumerate(KASSEL, start=1)]  # fmt: skip
    measures, number = [], 0
    for g, titles in enumerate(KASSEL.values(), start=1):
        for title in titles:
            number += 1
            measures.append(_row(
                "Maßnahmen", number=number, guideline=g, title=title, lead="Stadt Kassel",
                partners="GWG der Stadt Kassel; Mieterverein Kassel" if number % 3 else None,
                goals="Q1" if g == 1 else None, cost_eur=10000 * number,
                start=datetime.date(2026, 1, 1), status="in Umsetzung" if number % 2 else None,
                progress=20 if number % 2 else None, priority="hoch",
            ))  # fmt: skip
    goals = [_row("Ziele", code="Q1", guideline=1, title="1.000 Wohnungen im Jahr",
                  nature="quantitativ", year_from=2025, year_to=2030, indicator="completions",
                  unit="WE", target=1000, kind="jährlich")]  # fmt: skip
    milestones = [_row("Meilensteine", measure=1, title="Baulandbeschluss",
                       due=datetime.date(2026, 6, 30))]  # fmt: skip
    projects = [_row("Bauvorhaben", name="Quartier Jägerkaserne", developer="GWG der Stadt Kassel",
                     dwellings=240, social_dwellings=80, status="Baurecht",
                     expected_completion=2029, quota_percent=30)]  # fmt: skip
    return _xlsx({"Leitlinien": guidelines, "Ziele": goals, "Maßnahmen": measures,
                  "Meilensteine": milestones, "Bauvorhaben": projects})  # fmt: skip


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Guideline, Goal, Measure, MeasureStatusChange, Milestone, BuildingProject)
    )


def test_the_choice_words_of_the_workbook_are_the_web_labels():
    """The workbook shows the German labels of the web's choices and stores their values."""
    with translation.override("de"):
        for words, choices in (
            (fmt.STATUS, MeasureStatus), (fmt.PRIORITY, Priority), (fmt.NATURE, GoalNature),
            (fmt.TARGET_GROUP, TargetGroup), (fmt.GOAL_KIND, GoalKind),
            (fmt.DIRECTION, GoalDirection), (fmt.PROJECT_STATUS, ProjectStatus),
            (fmt.RENT_SEGMENT, RentSegment),
        ):  # fmt: skip
            assert words == {str(label): value for value, label in choices.choices}


def test_kassels_24_recommendations_fill_an_empty_alliance(alliance, orgs, user):
    data = _kassel()
    preview = preview_workbook(alliance, data, user)
    assert preview.ok, preview.problems
    assert _counts() == (0, 0, 0, 0, 0, 0)  # the preview wrote nothing
    by_sheet = {sheet: (c, u, n) for sheet, c, u, n in preview.counts()}
    assert by_sheet["Maßnahmen"] == (24, 0, 0) and by_sheet["Leitlinien"] == (4, 0, 0)
    result = apply_workbook(alliance, data, user)
    assert [c for _s, c, _u, _n in result.counts()] == [4, 1, 24, 1, 1]
    assert Measure.objects.filter(alliance=alliance).count() == 24
    m = Measure.objects.get(alliance=alliance, number=1)
    assert m.guideline.name == "Quantität" and m.status == "in_umsetzung" and m.progress == 20
    assert {o.name for o in m.partners.all()} == {"GWG der Stadt Kassel", "Mieterverein Kassel"}
    assert m.history.count() == 2  # created, and its milestone planned (the services write both)
    project = BuildingProject.objects.get(alliance=alliance)
    assert project.status == ProjectStatus.BUILDING_RIGHTS and project.history.count() == 2
    # the same file again: nothing changes
    before = _counts()
    again = apply_workbook(alliance, data, user)
    assert again.changes == [] and _counts() == before


def test_download_then_upload_changes_nothing(alliance, orgs, user):
    apply_workbook(alliance, _kassel(), user)
    measure = Measure.objects.get(alliance=alliance, number=5)
    services.set_measure_status(measure, user, MeasureStatus.DONE)
    data = queries.export_workbook(alliance)
    book, problems = parse_concept_workbook(data)
    assert problems == [] and len(book.measures) == 24
    before = _counts()
    preview = preview_workbook(alliance, data, user)
    assert preview.ok and preview.changes == []
    assert sum(n for *_x, n in preview.counts()) == 4 + 1 + 24 + 1 + 1
    result = apply_workbook(alliance, data, user)
    assert result.changes == [] and _counts() == before


def test_a_changed_cell_is_shown_old_to_new_and_applied_with_history(alliance, orgs, user):
    apply_workbook(alliance, _kassel(), user)
    book = queries.concept_workbook(alliance)
    rows = [r for r in book.measures]
    from dataclasses import replace

    from wohnbuendnis.analytics.io.concept_workbook_writer import write_concept_workbook

    book.measures = [replace(r, title="Bauland aktiv vergeben") if r.number == 2 else r
                     for r in rows]  # fmt: skip
    buffer = io.BytesIO()
    write_concept_workbook(book, buffer, ["Hinweise"])
    preview = preview_workbook(alliance, buffer.getvalue(), user)
    (change,) = preview.changes
    assert (change.sheet, change.key, change.created) == ("Maßnahmen", "2", False)
    assert change.fields == (("Maßnahme", "Bauland aktivieren", "Bauland aktiv vergeben"),)
    apply_workbook(alliance, buffer.getvalue(), user)
    measure = Measure.objects.get(alliance=alliance, number=2)
    assert measure.title == "Bauland aktiv vergeben"
    assert "Maßnahme" in measure.history.order_by("-pk").first().note


def test_a_broken_workbook_names_every_problem_and_writes_nothing(alliance, orgs, user):
    apply_workbook(alliance, _kassel(), user)
    before = _counts()
    data = _xlsx({
        "Leitlinien": [_row("Leitlinien", number=1, name="Quantität", text="Leitlinie Quantität")],
        "Maßnahmen": [
            _row("Maßnahmen", number=30, guideline=9, title="Neu", lead="Stadt Kassel"),
            _row("Maßnahmen", number=31, guideline=1, title="Neu 2", lead="Stadt Kassel",
                 start="31.02.2026"),
            _row("Maßnahmen", number=30, guideline=1, title="Doppelt", lead="Stadt Kassel"),
            _row("Maßnahmen", number=32, guideline=1, title="Wer?", lead="Unbekannte GmbH",
                 cost_eur="viel"),
            _row("Maßnahmen", number=33, guideline=1, title="Gut", lead="Stadt Kassel"),
        ],
    })  # fmt: skip
    with translation.override("de"):
        preview = preview_workbook(alliance, data, user)
        with pytest.raises(WorkbookRefused) as refused:
            apply_workbook(alliance, data, user)
    assert _counts() == before
    found = {(p.sheet, p.row, p.column) for p in preview.problems}
    # row 5's unreadable cost keeps the row from the reference checks (its lead is unknown too)
    assert found == {
        ("Maßnahmen", 2, "Leitlinie"),
        ("Maßnahmen", 3, "Beginn"),
        ("Maßnahmen", 4, "Nr."),
        ("Maßnahmen", 5, "Kosten (EUR)"),
    }
    texts = {(p.row, p.column): p.expected for p in preview.problems}
    assert "Leitlinie" in texts[(2, "Leitlinie")] and "„9“" in texts[(2, "Leitlinie")]
    assert "Datum" in texts[(3, "Beginn")] and "31.02.2026" in texts[(3, "Beginn")]
    assert "doppelt" in texts[(4, "Nr.")]
    assert len(refused.value.result.problems) == len(preview.problems)
    assert isinstance(refused.value, ValidationError)


def test_unknown_references_and_refusals_of_the_services_are_problems(alliance, orgs, user):
    apply_workbook(alliance, _kassel(), user)
    before = _counts()
    data = _xlsx({
        "Maßnahmen": [_row("Maßnahmen", number=40, guideline=1, title="X", lead="Niemand e. V.",
                           goals="Z9")],
        "Meilensteine": [_row("Meilensteine", measure=99, title="M",
                              due=datetime.date(2026, 1, 1))],
        "Bauvorhaben": [_row("Bauvorhaben", name="Zu viel", dwellings=10, social_dwellings=20,
                             expected_completion=2028)],
    })  # fmt: skip
    with translation.override("de"):
        preview = preview_workbook(alliance, data, user)
    found = {(p.sheet, p.row, p.column) for p in preview.problems}
    assert found == {
        ("Maßnahmen", 2, "Federführung"),
        ("Maßnahmen", 2, "Ziele"),
        ("Meilensteine", 2, "Maßnahme"),
        ("Bauvorhaben", 2, None),
    }
    refusal = next(p for p in preview.problems if p.sheet == "Bauvorhaben")
    assert "mehr geförderte Wohnungen" in refusal.expected
    with pytest.raises(WorkbookRefused):
        apply_workbook(alliance, data, user)
    assert _counts() == before


def test_what_is_no_workbook_is_one_problem(alliance, user):
    with translation.override("de"):
        preview = preview_workbook(alliance, b"Nr;Titel\n1;x\n", user)
    (problem,) = preview.problems
    assert problem.expected == "eine Excel-Arbeitsmappe (.xlsx) erwartet"
