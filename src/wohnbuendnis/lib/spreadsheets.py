"""Files people open in a spreadsheet (issue 13): CSV as German Excel reads it on a double
click (``;`` separated, decimal comma, UTF-8 with BOM) and XLSX with a styled header row, a
frozen header, a filter and number formats (Excel shows the decimal comma and the thousands
separator of the reader's locale by itself). Machine files pinned in ``spec/`` are written
where they are made, unchanged; nothing here is an exchange format."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
import xlsxwriter

BOM = b"\xef\xbb\xbf"
HEADER_FORMAT = {
    "bold": True,
    "bg_color": "#DDE4EE",
    "bottom": 1,
    "text_wrap": True,
    "valign": "top",
}
#: Up to this many rows the column widths are fitted to the content (fitting reads every cell).
AUTOFIT_ROWS = 20_000
_STEPS = {d: Decimal(1).scaleb(-d) for d in range(10)}


def half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` half up on its shortest decimal form, as the pages
    round (12.25 → 12.3, not the binary 12.2499…)."""
    return Decimal(repr(value)).quantize(_STEPS[decimals], ROUND_HALF_UP) + 0


def number_format(decimals: int) -> str:
    """The Excel number format with thousands grouping and ``decimals`` places."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def csv_for_excel(frame: pl.DataFrame) -> bytes:
    """``frame`` as German Excel opens a CSV: UTF-8 with BOM, ``;``, decimal comma, no
    thousands separator. Integer counts should come as integer columns, rounded values as
    floats (written in their shortest form) or as ready text."""
    return BOM + frame.write_csv(separator=";", decimal_comma=True).encode()


@dataclass
class Sheet:
    """One worksheet: its name, its frame (German headers) and the decimals of its numeric
    columns (a column not named keeps Excel's general format)."""

    name: str
    frame: pl.DataFrame
    decimals: Mapping[str, int] = field(default_factory=dict)


def add_sheet(workbook: xlsxwriter.Workbook, sheet: Sheet) -> xlsxwriter.worksheet.Worksheet:
    """Write ``sheet`` into ``workbook``: header row styled and frozen, a filter, formats."""
    formats = {name: number_format(d) for name, d in sheet.decimals.items()}
    sheet.frame.write_excel(
        workbook=workbook,
        worksheet=sheet.name,
        column_formats=formats or None,  # type: ignore[arg-type]
        header_format=HEADER_FORMAT,
        autofit=sheet.frame.height <= AUTOFIT_ROWS,
        freeze_panes=(1, 0),
        table_style={"style": "Table Style Light 1", "first_column": False},
    )
    return workbook.get_worksheet_by_name(sheet.name)


def xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The sheets (empty ones left out) as one workbook."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        for sheet in sheets:
            if sheet.frame.height:
                add_sheet(workbook, sheet)
    return buffer.getvalue()
