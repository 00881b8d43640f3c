"""DOCX through python-docx: Word's own Heading 1/2/3 styles (so a council paper takes them
over and Word builds its table of contents from them), real tables, the charts as PNG images
with their alternative text, page numbers in the footer and a table-of-contents field that
Word fills when the document is opened; the alliance's logo (if any) opens the title page."""

from __future__ import annotations

import io

import docx
import vl_convert
from docx.enum.text import WD_BREAK
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from wohnbuendnis.reports.document import (
    Document,
    Figure,
    Heading,
    Logo,
    PageBreak,
    Paragraph,
    Table,
)
from wohnbuendnis.reports.render import charts
from wohnbuendnis.reports.render.typst_pdf import annex


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …): begin, instruction, separator, placeholder, end."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _styled(out, text: str, style_id: str):
    """A paragraph with a style of the default template by its id: python-docx's lookup by
    name takes ~10 ms each (it scans all styles), which made a 40-page report take seconds."""
    paragraph = out.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _table(out, table: Table) -> None:
    _styled(out, table.caption, "Caption")
    grid = out.add_table(rows=1, cols=len(table.header))
    grid._tbl.tblStyle_val = "TableGrid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    # the header row repeats on every page (and marks the table's header for screen readers)
    row_props = grid.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_props.append(header)
    for row in table.rows:
        # the row's own cells: ``_Row.cells`` walks the whole table each time (quadratic)
        tr = grid.add_row()._tr
        for tc, text in zip(tr.tc_lst, row, strict=True):
            _Cell(tc, grid).text = text


def _figure(out, figure: Figure, number: int) -> None:
    # the shape add_picture returns: ``inline_shapes[-1]`` walks the whole body each time
    shape = out.add_picture(io.BytesIO(charts.png(figure.spec)), width=Cm(16 * figure.width))
    properties = shape._inline.docPr
    properties.set("descr", figure.alt)
    properties.set("title", figure.title)
    _styled(out, f"Abbildung {number}: {figure.title}", "Caption")


LOGO_HEIGHT_CM, LOGO_MAX_WIDTH_CM = 2.5, 12.0


def _logo(out, logo: Logo) -> None:
    """The logo as a picture with its alternative text (an SVG as PNG: Word's own SVG needs a
    PNG fallback anyway)."""
    content = logo.content
    if logo.suffix == ".svg":
        content = vl_convert.svg_to_png(content.decode("utf-8"), scale=2)
    image = Image.from_blob(content)
    ratio = image.px_width / image.px_height
    if LOGO_HEIGHT_CM * ratio > LOGO_MAX_WIDTH_CM:
        out.add_picture(io.BytesIO(content), width=Cm(LOGO_MAX_WIDTH_CM))
    else:
        out.add_picture(io.BytesIO(content), height=Cm(LOGO_HEIGHT_CM))
    properties = out.inline_shapes[-1]._inline.docPr
    properties.set("descr", logo.alt)
    properties.set("title", logo.alt)


def _front(out, document: Document) -> None:
    out.core_properties.title = document.title
    out.core_properties.author = document.alliance
    out.core_properties.language = "de-DE"
    out.styles["Normal"].font.size = Pt(10.5)
    if document.logo is not None:
        _logo(out, document.logo)
    out.add_paragraph(document.alliance)
    _styled(out, document.title, "Title")
    if document.subtitle:
        _styled(out, document.subtitle, "Subtitle")
    out.add_paragraph(document.data_state)
    _styled(out, "Inhalt", "TOCHeading")
    _field(out.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "(Inhaltsverzeichnis: F9)")
    footer = out.sections[0].footer.paragraphs[0]
    footer.text = f"{document.alliance} – {document.title} – Seite "
    _field(footer, "PAGE", "1")


def render(document: Document) -> bytes:
    charts.prepare((figure.spec for figure in document.figures), "png")
    out = docx.Document()
    _front(out, document)
    figures = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            _styled(out, block.text, f"Heading{min(block.level, 3)}")
        elif isinstance(block, Paragraph):
            for text in block.text.split("\n\n"):
                out.add_paragraph(text)
        elif isinstance(block, Table):
            _table(out, block)
        elif isinstance(block, Figure):
            figures += 1
            _figure(out, block, figures)
        elif isinstance(block, PageBreak):
            out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    tables = annex(document)
    if tables:
        _styled(out, "Anhang: Tabellen der Abbildungen", "Heading1")
        for table in tables:
            _table(out, table)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
