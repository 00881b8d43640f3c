"""Every ``wb-`` class used in the allocation templates is styled in app.css."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def test_every_wb_class_of_the_allocation_templates_is_defined():
    css = (PACKAGE / "static" / "wohnbuendnis" / "app.css").read_text("utf-8")
    defined = set(re.findall(r"\.(wb-[\w-]+)", css))
    used = set()
    for template in (PACKAGE / "allocation" / "templates").rglob("*.html"):
        for classes in re.findall(r'class="([^"]*)"', template.read_text("utf-8")):
            used |= {c for c in classes.split() if c.startswith("wb-")}
    assert {"wb-facts", "wb-subnav", "wb-code"} <= used
    assert used <= defined, sorted(used - defined)
