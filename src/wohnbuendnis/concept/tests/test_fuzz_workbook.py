"""Fuzzing the concept workbook (issue 12.6): mutated workbooks (bytes of the archive, the
sheets' XML, implausible cell values) are read or refused with a German text for every
problem and a row for every problem of a cell, never with an unhandled error; through the
preview and the apply a refused workbook writes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
import xlsxwriter
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wohnbuendnis.accounts.models import User
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.tests.factories import AllianceFactory, OrganisationFactory
from wohnbuendnis.analytics.io import concept_workbook_format as fmt
from wohnbuendnis.analytics.io.concept_workbook import parse_concept_workbook
from wohnbuendnis.concept.models import BuildingProject, Goal, Guideline, Measure, Milestone
from wohnbuendnis.concept.services.workbook import (
    WorkbookRefused,
    apply_workbook,
    preview_workbook,
)
from wohnbuendnis.lib.input_errors import describe
from wohnbuendnis.lib.tests import fuzzing

SEED = fuzzing.concept_workbook()
STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(fuzzing.MUTATIONS)), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)
CELLS = st.sampled_from(
    ["1e308", "-1e308", "NaN", "inf", "-5", "1.3", "31.02.2026", "1066-10-14", "9999", "",
     "x" * 300, "0x10", "hoch ", "IN UMSETZUNG", "1.234,5", "=1/0", "\u2212 3", "2026-13-01",
     "Quantität; ; Preis", "\x00", "1e15"]
)  # fmt: skip
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(data: bytes) -> None:
    _book, problems = parse_concept_workbook(data)
    with translation.override("de"):
        for p in problems:
            text = describe(p.code, p.params)
            assert not fuzzing.problem_faults(p.code, p.line, text, row_file=True), p.message
            assert not fuzzing.looks_english(text), text


@FUZZ
@given(steps=STEPS)
def test_mutated_workbooks_are_read_or_refused_in_german(steps):
    _check(fuzzing.apply(SEED, steps, archive=True))


def _with_cell(sheet: str, column: int, value: str) -> bytes:
    columns = fmt.SHEETS[sheet][0]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    for name, (cols, _key) in fmt.SHEETS.items():
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, [c.header for c in cols])
        if name == sheet:
            ws.write_row(1, 0, ["1"] * len(columns))
            ws.write_string(1, column % len(columns), value)
    book.close()
    return buffer.getvalue()


@FUZZ
@given(sheet=st.sampled_from(list(fmt.SHEETS)), column=st.integers(0, 20), value=CELLS)
def test_implausible_cells_name_sheet_row_and_column(sheet, column, value):
    data = _with_cell(sheet, column, value)
    _book, problems = parse_concept_workbook(data)
    for p in problems:
        assert p.file == sheet and p.line == 2 and p.column is not None, p.message
    _check(data)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Guideline, Goal, Measure, Milestone, BuildingProject))


@pytest.mark.django_db
def test_mutated_workbooks_through_preview_and_apply_write_nothing_when_refused():
    import random

    alliance = AllianceFactory()
    for name in ("Stadt", "GWG"):
        org = OrganisationFactory(name=name)
        alliance_services.admit_organisation(alliance, org, datetime.date(2020, 1, 1))
    user = User.objects.create_user("ko", password="x")
    rng = random.Random(12)
    names = sorted(fuzzing.MUTATIONS)
    applied = refused = 0
    for _ in range(40):
        steps = [(rng.choice(names), rng.randrange(10**6)) for _ in range(rng.randint(1, 2))]
        data = fuzzing.apply(SEED, steps, archive=True)
        before = _counts()
        with translation.override("de"):
            preview = preview_workbook(alliance, data, user)
            assert _counts() == before
            try:
                apply_workbook(alliance, data, user)
            except WorkbookRefused:
                refused += 1
                assert _counts() == before and not preview.ok
            else:
                applied += 1
                assert preview.ok
    assert refused > 0
