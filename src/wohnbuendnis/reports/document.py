"""The neutral document a report is built as, before it becomes PDF, DOCX or HTML.

A builder (``builders/``) reads the live data through the apps' queries and returns a
:class:`Document`; each renderer (``render/``) turns that one structure into its format, so the
three formats always say the same. Figures carry their Vega-Lite spec, an alternative text and
the numbers as a table (the renderers put every figure's table into an annex).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Heading:
    text: str
    level: int = 1  # 1 = part, 2 = section, 3 = subsection


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Figure:
    title: str
    alt: str  # the alternative text: what the chart shows, in one or two sentences
    spec: dict[str, Any]
    table: Table
    width: float = 1.0  # share of the text width (small charts of a profile page: 0.7)


@dataclass
class PageBreak:
    pass


@dataclass
class Logo:
    """The alliance's logo for the title page: the file's bytes, its suffix (``.png``,
    ``.jpg`` or ``.svg``) and the alternative text ("Logo <name of the alliance>")."""

    content: bytes
    suffix: str
    alt: str


Block = Heading | Paragraph | Table | Figure | PageBreak


@dataclass
class Document:
    title: str
    alliance: str
    subtitle: str = ""
    data_state: str = ""
    blocks: list[Block] = field(default_factory=list)
    # True when anything in it is not for the public (non-public agenda items, minutes not
    # yet approved, names of persons): such a report can never be published.
    contains_non_public: bool = False
    logo: Logo | None = None  # set by services.build_document from the alliance

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def paragraph(self, text: str) -> None:
        if text.strip():
            self.blocks.append(Paragraph(text.strip()))

    def table(self, caption: str, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Table(caption, header, [[str(c) for c in row] for row in rows]))

    def figure(
        self, title: str, alt: str, spec: dict[str, Any], table: Table, width: float = 1.0
    ) -> None:
        self.blocks.append(Figure(title, alt, spec, table, width))

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def text(self) -> str:
        """Every word of the document as plain text (tests search it for personal data)."""
        parts = [self.title, self.subtitle, self.alliance, self.data_state]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [block.caption, *block.header, *(c for r in block.rows for c in r)]
            elif isinstance(block, Figure):
                parts += [block.title, block.alt, *(c for r in block.table.rows for c in r)]
        return "\n".join(parts)


def german_number(value: float | None, decimals: int = 0) -> str:
    """1234.5 → "1.234,5"; None → "–"."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
