"""Writing the concept workbook (XLSX via xlsxwriter) that ``concept_workbook`` reads back:
an explanatory first sheet, one sheet per kind of row with German headers, frozen header row,
column widths, date cells, and drop-down lists for the choice columns and guideline numbers
(their words on a hidden sheet, since a list in a validation may hold no comma)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from typing import IO, Any

import xlsxwriter

from wohnbuendnis.analytics.io import concept_workbook_format as fmt
from wohnbuendnis.analytics.io.concept_workbook import ConceptWorkbook

_ATTRIBUTES = {
    fmt.GUIDELINES_SHEET: "guidelines",
    fmt.GOALS_SHEET: "goals",
    fmt.MEASURES_SHEET: "measures",
    fmt.MILESTONES_SHEET: "milestones",
    fmt.PROJECTS_SHEET: "projects",
}
#: Rows of a sheet the drop-down lists cover (more than a concept has).
LIST_ROWS = 1000


def write_concept_workbook(book: ConceptWorkbook, target: IO[bytes], notes: Sequence[str]) -> None:
    """Write ``book`` to ``target`` (a binary stream); ``notes`` are the lines of the first
    sheet "Hinweise" (given by the caller in the user's language)."""
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    styles = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1}),
        "date": workbook.add_format({"num_format": "dd.mm.yyyy"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
    }
    _notes(workbook.add_worksheet(fmt.NOTES_SHEET), notes, styles)
    lists = _lists(workbook)
    for sheet, (columns, _key) in fmt.SHEETS.items():
        rows = getattr(book, _ATTRIBUTES[sheet])
        _sheet(workbook.add_worksheet(sheet), columns, rows, lists, styles)
    workbook.close()


def _notes(sheet: Any, notes: Sequence[str], styles: dict[str, Any]) -> None:
    sheet.set_column(0, 0, 110, styles["wrap"])
    for row, line in enumerate(notes):
        sheet.write_string(row, 0, line, styles["title"] if row == 0 else styles["wrap"])


def _lists(workbook: Any) -> dict[str, str]:
    """The hidden sheet of choice words; returns column field → its range for a validation."""
    sheet = workbook.add_worksheet(fmt.LISTS_SHEET)
    ranges: dict[str, str] = {}
    index = 0
    for _sheet_name, (columns, _key) in fmt.SHEETS.items():
        for column in columns:
            if column.choices is None or column.field in ranges:
                continue
            words = list(column.choices)
            letter = xlsxwriter.utility.xl_col_to_name(index)
            sheet.write_string(0, index, column.header)
            for row, word in enumerate(words, start=1):
                sheet.write_string(row, index, word)
            ranges[column.field] = f"='{fmt.LISTS_SHEET}'!${letter}$2:${letter}${len(words) + 1}"
            index += 1
    sheet.hide()
    return ranges


def _sheet(
    sheet: Any,
    columns: Sequence[fmt.Column],
    rows: Sequence[Any],
    lists: dict[str, str],
    styles: dict[str, Any],
) -> None:
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, styles["header"])
        sheet.set_column(index, index, column.width)
        _validation(sheet, index, column, lists)
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        values = dataclasses.asdict(row)
        for index, column in enumerate(columns):
            _cell(sheet, number, index, column, values[column.field], styles)


def _validation(sheet: Any, index: int, column: fmt.Column, lists: dict[str, str]) -> None:
    if column.choices is not None:
        source = lists[column.field]
    elif column.guideline_ref:
        source = f"='{fmt.GUIDELINES_SHEET}'!$A$2:$A${LIST_ROWS}"
    else:
        return
    sheet.data_validation(
        1, index, LIST_ROWS, index,
        {"validate": "list", "source": source, "ignore_blank": True,
         "error_type": "warning" if column.guideline_ref else "stop"},
    )  # fmt: skip


def _cell(
    sheet: Any, row: int, index: int, column: fmt.Column, value: object, styles: dict[str, Any]
) -> None:
    if value is None or value in ("", ()):
        return
    if column.kind == fmt.Kind.DATE and isinstance(value, datetime.date):
        sheet.write_datetime(
            row, index, datetime.datetime.combine(value, datetime.time()), styles["date"]
        )
    elif column.kind == fmt.Kind.CHOICE and column.choices is not None:
        words = {stored: word for word, stored in column.choices.items()}
        sheet.write_string(row, index, words.get(str(value), str(value)))
    elif column.kind == fmt.Kind.LIST and isinstance(value, tuple | list):
        sheet.write_string(row, index, "; ".join(str(item) for item in value))
    elif isinstance(value, int | float) and column.kind in (fmt.Kind.INTEGER, fmt.Kind.NUMBER):
        sheet.write_number(row, index, value)
    else:
        sheet.write_string(row, index, str(value))
