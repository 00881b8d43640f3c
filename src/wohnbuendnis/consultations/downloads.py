"""The synopsis as a file: XLSX (one row per statement on a section) and Word (python-docx,
Word's own heading styles and a real table with a repeating header row, as the reports app
builds its documents), both with German headings. ``public``: the published synopsis (texts of
internal statements left out); otherwise Koordination's full working copy."""

from __future__ import annotations

import io

import docx
import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell

from wohnbuendnis.consultations.models import Consultation
from wohnbuendnis.consultations.queries import Entry, Row, synopsis
from wohnbuendnis.lib import spreadsheets

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def header() -> list[str]:
    return [
        _("Nr."),
        _("Abschnitt"),
        _("Organisation"),
        _("Stellungnahme"),
        _("Ergebnis"),
        _("Begründung"),
    ]


def section_cells(row: Row) -> list[str]:
    if row.section is None:
        return ["–", _("Entwurf insgesamt")]
    return [row.section.number, row.section.title]


def statement_text(entry: Entry) -> str:
    return entry.text if entry.text else _("nicht öffentliche Stellungnahme")


def rows_of(consultation: Consultation, *, public: bool) -> list[list[str]]:
    """One line per statement on a section; a section without statements gets one line."""
    lines = []
    for row in synopsis(consultation, public=public):
        if not row.entries:
            lines.append([*section_cells(row), "–", _("keine Stellungnahme"), "", ""])
        for entry in row.entries:
            lines.append(
                [
                    *section_cells(row),
                    entry.organisation,
                    statement_text(entry),
                    entry.verdict_label or _("noch offen"),
                    entry.reason,
                ]
            )
    return lines


def xlsx(consultation: Consultation, *, public: bool) -> bytes:
    names = header()
    lines = rows_of(consultation, public=public)
    frame = pl.DataFrame(
        {name: [line[i] for line in lines] for i, name in enumerate(names)},
        schema=dict.fromkeys(names, pl.String),
    )
    return spreadsheets.xlsx([spreadsheets.Sheet(_("Synopse"), frame)])


def _styled(out, text: str, style_id: str):
    paragraph = out.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def word(consultation: Consultation, *, public: bool) -> bytes:
    out = docx.Document()
    out.core_properties.title = _("Synopse: %(title)s") % {"title": consultation.title}
    out.core_properties.author = consultation.alliance.name
    out.core_properties.language = "de-DE"
    out.styles["Normal"].font.size = Pt(10)
    out.add_paragraph(consultation.alliance.name)
    _styled(out, _("Synopse der Stellungnahmen"), "Title")
    _styled(out, consultation.title, "Subtitle")
    out.add_paragraph(
        _("%(kind)s · Frist für Stellungnahmen: %(day)s · Stand: %(today)s")
        % {
            "kind": consultation.get_kind_display(),
            "day": consultation.deadline.strftime("%d.%m.%Y"),
            "today": timezone.localdate().strftime("%d.%m.%Y"),
        }
    )
    if consultation.description:
        out.add_paragraph(consultation.description)
    _styled(out, _("Stellungnahmen und Antworten der Koordination"), "Heading1")
    _styled(out, _("Synopse"), "Caption")
    names = header()
    grid = out.add_table(rows=1, cols=len(names))
    grid._tbl.tblStyle_val = "TableGrid"
    for cell, text in zip(grid.rows[0].cells, names, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    header_row = OxmlElement("w:tblHeader")
    header_row.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(header_row)
    for line in rows_of(consultation, public=public):
        tr = grid.add_row()._tr
        for tc, text in zip(tr.tc_lst, line, strict=True):
            _Cell(tc, grid).text = text
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
