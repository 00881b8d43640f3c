"""What tests check of a downloaded workbook without a spreadsheet library: the XML parts."""

from __future__ import annotations

import io
import re
import zipfile


def xlsx_layout(content: bytes, sheet: int = 1) -> set[str]:
    """Features of the workbook and its sheet ``sheet``: "frozen header" (the first row stays
    on screen), "bold" (a bold font, as the header's), "filter" and every custom number format
    (e.g. "#,##0.0")."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        styles = archive.read("xl/styles.xml").decode()
        xml = archive.read(f"xl/worksheets/sheet{sheet}.xml").decode()
        tables = [n for n in archive.namelist() if n.startswith("xl/tables/")]
    found = set(re.findall(r'formatCode="([^"]+)"', styles))
    if 'ySplit="1"' in xml and 'state="frozen"' in xml:
        found.add("frozen header")
    if "<b/>" in styles:
        found.add("bold")
    if tables or "<autoFilter" in xml:
        found.add("filter")
    return found
