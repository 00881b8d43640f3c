"""HTML for the public pages: one self-contained, accessible page (headings, tables with
captions and header cells, charts as inline SVG with role="img" and their alternative text)."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from wohnbuendnis.reports.document import Document, Figure, Heading, PageBreak, Paragraph, Table
from wohnbuendnis.reports.render import charts
from wohnbuendnis.reports.render.typst_pdf import annex

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}


def _items(document: Document) -> list[dict]:
    items = []
    figures = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            items.append({"type": "heading", "level": min(block.level + 1, 4), "text": block.text})
        elif isinstance(block, Paragraph):
            items.append({"type": "paragraph", "parts": block.text.split("\n\n")})
        elif isinstance(block, Table):
            items.append({"type": "table", "table": block})
        elif isinstance(block, Figure):
            figures += 1
            # vl-convert's own SVG (no text of ours unescaped in it: titles and labels are
            # escaped by the SVG writer)
            items.append(
                {
                    "type": "figure",
                    "number": figures,
                    "figure": block,
                    "svg": mark_safe(charts.svg(block.spec)),  # noqa: S308
                }
            )
        elif isinstance(block, PageBreak):
            continue
    return items


def _logo_src(document: Document) -> str:
    """The logo as a data address: the page stays one self-contained file (an SVG in an
    ``<img>`` runs nothing)."""
    if document.logo is None:
        return ""
    encoded = base64.b64encode(document.logo.content).decode("ascii")
    return f"data:{LOGO_TYPES[document.logo.suffix]};base64,{encoded}"


def render(document: Document) -> bytes:
    charts.prepare((figure.spec for figure in document.figures), "svg")
    html = render_to_string(
        "reports/document.html",
        {
            "document": document,
            "items": _items(document),
            "annex": annex(document),
            "logo": _logo_src(document),
        },
    )
    return html.encode("utf-8")
