"""No personal data in a report meant for the public: the text of every public report (each
kind, each format) holds no name of an applicant household and no name of a person (the
public pages list organisations and bodies, never persons); the yearly allocation statistics
hold no file number and no flat's address either."""

from __future__ import annotations

import io
import re

import docx
import pytest
from django.utils import timezone

from wohnbuendnis.alliance.models import Person
from wohnbuendnis.allocation.models import Flat, Household
from wohnbuendnis.meetings.models import Minutes, MinutesStatus
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process", "allocation", "monitoring")]


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _html_text(content: bytes) -> str:
    return re.sub(r"<[^>]+>", " ", content.decode())


def _names() -> list[str]:
    households = [h.name for h in Household.objects.all() if len(h.name) > 3]
    people = [f"{p.first_name} {p.last_name}" for p in Person.objects.all()]
    people += [p.last_name for p in Person.objects.all() if len(p.last_name) > 5]
    assert households and people
    return households + people


def test_no_public_report_names_a_household_or_a_person(demo_alliance):
    released = Minutes.objects.filter(
        meeting__body__alliance=demo_alliance,
        status__in=[MinutesStatus.APPROVED, MinutesStatus.PUBLISHED],
    ).first()
    reports = [
        ("concept", Options(demo_alliance)),
        ("minutes", Options(demo_alliance, meeting_id=released.meeting_id)),
        ("invitation", Options(demo_alliance, meeting_id=released.meeting_id)),
        ("allocation", Options(demo_alliance, year=timezone.localdate().year - 1)),
        ("market", Options(demo_alliance)),
        ("evaluation", Options(demo_alliance)),
        ("progress", Options(demo_alliance)),
    ]
    names = _names()
    references = list(Household.objects.values_list("reference", flat=True))
    flats = list(Flat.objects.filter(alliance=demo_alliance).values_list("label", flat=True))
    assert references and flats
    for kind, options in reports:
        document = services.build_document(kind, options)
        assert not document.contains_non_public
        texts = {
            "document": document.text(),
            "docx": _docx_text(services.render(document, "docx")),
            "html": _html_text(services.render(document, "html")),
        }
        for form, text in texts.items():
            found = [name for name in names if name in text]
            assert not found, (kind, form, found[:5])
            if kind == "allocation":
                found = [ref for ref in references if re.search(rf"\b{ref}\b", text)]
                assert not found, (kind, form, found[:5])
                assert not [label for label in flats if label in text], (kind, form)
    # the check itself finds names where they are: the internal minutes list the attendees
    internal = services.build_document(
        "minutes", Options(demo_alliance, public=False, meeting_id=released.meeting_id)
    )
    assert any(name in internal.text() for name in names)
