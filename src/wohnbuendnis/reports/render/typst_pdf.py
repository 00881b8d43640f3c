"""PDF through Typst: tagged PDF/UA-1, fonts embedded (Libertinus Serif, bundled with the
typst wheel, has every German glyph), title page with the alliance's name, table of contents,
page numbers, every figure with its alternative text and its table in the annex; the alliance's
logo (if it has one) on the title page, with the alternative text "Logo <name>".

The document goes to Typst as JSON (``doc.json``) read by one fixed template, so no text of
the data is ever parsed as Typst markup (nothing to escape, nothing to inject)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import typst

from wohnbuendnis.reports.document import Document, Figure, Heading, PageBreak, Paragraph, Table
from wohnbuendnis.reports.render import charts

TEMPLATE = Path(__file__).with_name("report.typ")


def _table(table: Table) -> dict[str, Any]:
    return {"type": "table", "caption": table.caption, "header": table.header, "rows": table.rows}


def _blocks(document: Document, folder: Path) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            blocks.append({"type": "heading", "level": block.level, "text": block.text})
        elif isinstance(block, Paragraph):
            blocks.append({"type": "paragraph", "text": block.text})
        elif isinstance(block, Table):
            blocks.append(_table(block))
        elif isinstance(block, Figure):
            name = f"figure-{len(blocks)}.svg"
            (folder / name).write_text(charts.svg(block.spec), encoding="utf-8")
            blocks.append(
                {
                    "type": "figure",
                    "file": name,
                    "title": block.title,
                    "alt": block.alt,
                    "width": round(block.width * 100),
                }
            )
        elif isinstance(block, PageBreak):
            blocks.append({"type": "pagebreak"})
    return blocks


def _logo(document: Document, folder: Path) -> dict[str, str] | None:
    """The logo as a file beside the template (Typst reads PNG, JPEG and SVG)."""
    if document.logo is None:
        return None
    name = f"logo{document.logo.suffix}"
    (folder / name).write_bytes(document.logo.content)
    return {"file": name, "alt": document.logo.alt}


def annex(document: Document) -> list[Table]:
    """The figures' tables, numbered as the figures are."""
    return [
        Table(f"Abbildung {n}: {figure.title}", figure.table.header, figure.table.rows)
        for n, figure in enumerate(document.figures, start=1)
    ]


def render(document: Document) -> bytes:
    charts.prepare((figure.spec for figure in document.figures), "svg")
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        folder = Path(tmp)
        data = {
            "title": document.title,
            "subtitle": document.subtitle,
            "alliance": document.alliance,
            "data_state": document.data_state,
            "logo": _logo(document, folder),
            "blocks": _blocks(document, folder),
            "annex": [_table(t) for t in annex(document)],
        }
        (folder / "doc.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (folder / "report.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(
            str(folder / "report.typ"),
            root=str(folder),
            pdf_standards="ua-1",
            ignore_system_fonts=True,  # the bundled fonts only: the same PDF on every machine
        )
