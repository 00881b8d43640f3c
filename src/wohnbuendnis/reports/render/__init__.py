"""The renderers of a report's :class:`~wohnbuendnis.reports.document.Document`, by format."""

from __future__ import annotations

from collections.abc import Callable

from wohnbuendnis.reports.document import Document


def renderer(fmt: str) -> Callable[[Document], bytes]:
    if fmt == "pdf":
        from wohnbuendnis.reports.render import typst_pdf

        return typst_pdf.render
    if fmt == "docx":
        from wohnbuendnis.reports.render import docx_file

        return docx_file.render
    if fmt == "html":
        from wohnbuendnis.reports.render import html_page

        return html_page.render
    raise ValueError(fmt)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
