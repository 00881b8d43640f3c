"""KERN's fieldset floats its legend: the fields must sit in ``kern-fieldset__body`` below it,
otherwise the first field is pushed beside the legend (seen on the priority list's rows, the
sections of a consultation, the answer to an invitation and the landlord's decision)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
FIELDSET = re.compile(r"<fieldset\b[^>]*>(.*?)</fieldset>", re.DOTALL)


def test_every_fieldset_puts_its_fields_in_a_body_below_the_legend():
    templates = sorted(PACKAGE.rglob("templates/**/*.html"))
    assert len(templates) > 100
    without_body = [
        f"{template.relative_to(PACKAGE)}: {body.strip()[:60]}"
        for template in templates
        for body in FIELDSET.findall(template.read_text("utf-8"))
        if "<legend" in body and "kern-fieldset__body" not in body
    ]
    assert without_body == []
