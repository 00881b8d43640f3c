"""The concept workbook (docs/concept-workbook.md) uploaded again: a preview listing every
problem and every planned change, and the all-or-nothing apply.

Both run the same code (``_run``) through the concept's services in one transaction: the
preview always rolls it back, the apply keeps it only when no row was refused. So what the
preview promises is exactly what the apply does, and every change has the history row its
service writes. Rows are matched by their keys (guideline number, goal number, measure number,
milestone by measure number and title, project by name); an unchanged row calls no service,
so uploading the downloaded workbook again changes nothing. Nothing is ever deleted: a row
missing from the workbook stays as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept.engine import Code, InputError, workbook_io
from wohnbuendnis.concept.engine import workbook_format as fmt
from wohnbuendnis.lib import input_errors

SHEETS = list(fmt.SHEETS)


@dataclass(frozen=True)
class Problem:
    """One refused cell or row: sheet, Excel row, column header (or None), what was expected
    (German)."""

    sheet: str
    row: int | None
    column: str | None
    expected: str


@dataclass(frozen=True)
class Change:
    """A row created or updated: its sheet, key, and (header, old, new) of each changed cell."""

    sheet: str
    key: str
    created: bool
    fields: tuple[tuple[str, str, str], ...] = ()


@dataclass
class WorkbookResult:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHEETS, 0))

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> list[tuple[str, int, int, int]]:
        """(sheet, created, updated, unchanged) for every sheet."""
        return [
            (
                sheet,
                sum(c.created for c in self.changes if c.sheet == sheet),
                sum(not c.created for c in self.changes if c.sheet == sheet),
                self.unchanged[sheet],
            )
            for sheet in SHEETS
        ]


class WorkbookRefused(ValidationError):
    """The workbook has problems; nothing was written. ``result`` lists them."""

    def __init__(self, result: WorkbookResult) -> None:
        super().__init__(
            _("Die Arbeitsmappe hat %(n)s Probleme; nichts wurde übernommen.")
            % {"n": len(result.problems)}
        )
        self.result = result


class _Rollback(Exception):
    pass


def preview_workbook(alliance: Alliance, file: Path | bytes, user=None) -> WorkbookResult:
    """Every problem of the workbook and the changes it would make; writes nothing."""
    result = WorkbookResult()
    try:
        with transaction.atomic():
            _run(alliance, file, user, result)
            raise _Rollback
    except _Rollback:
        pass
    return result


@transaction.atomic
def apply_workbook(alliance: Alliance, file: Path | bytes, user) -> WorkbookResult:
    """Apply the workbook, all or nothing: raises :class:`WorkbookRefused` (having written
    nothing) when any row is refused."""
    result = WorkbookResult()
    try:
        with transaction.atomic():
            _run(alliance, file, user, result)
            if result.problems:
                raise _Rollback
    except _Rollback:
        raise WorkbookRefused(result) from None
    return result


def _run(alliance: Alliance, file: Path | bytes, user, result: WorkbookResult) -> None:
    from wohnbuendnis.concept.services import workbook_rows

    book, problems = workbook_io.parse_concept_workbook(file)
    result.problems.extend(problem_of(p) for p in problems)
    if problems and not any(_rows(book)):
        return
    run = workbook_rows.Run(alliance, user, result)
    run.guidelines(book.guidelines)
    run.goals(book.goals)
    run.measures(book.measures)
    run.milestones(book.milestones)
    run.projects(book.projects)
    result.problems.sort(key=lambda p: (SHEETS.index(p.sheet) if p.sheet in SHEETS else -1,
                                        p.row or 0))  # fmt: skip


def _rows(book: workbook_io.ConceptWorkbook) -> list[int]:
    return [len(book.guidelines), len(book.goals), len(book.measures), len(book.milestones),
            len(book.projects)]  # fmt: skip


def problem_of(error: InputError) -> Problem:
    return Problem(
        error.file, error.line, error.column, input_errors.describe(error.code, error.params)
    )


def refused(sheet: str, row: int, column: str | None, error: ValidationError) -> Problem:
    """A service's refusal of a row as a problem (its German message)."""
    text = " ".join(error.messages)
    return problem_of(InputError(sheet, Code.REFUSED, line=row, column=column,
                                 params={"text": text}))  # fmt: skip


def shown(value: object) -> str:
    """A value as the preview shows it (old → new)."""
    if value is None or value in ("", ()):
        return "–"
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(str(v) for v in value))
    return str(value)
