"""The concept report's section "Beteiligung der Bündnispartner": the published synopses of the
consultations on the edition, with counts and responses, never an internal statement's text."""

from __future__ import annotations

import io

import docx
import pytest

from wohnbuendnis.consultations.models import Consultation
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options
from wohnbuendnis.reports.document import Heading, Table

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("consultations")]
TITLE = "Fortschreibung des Handlungskonzepts Wohnen – Entwurf"


def _section(document):
    start = next(
        i for i, b in enumerate(document.blocks)
        if isinstance(b, Heading) and b.text == "Beteiligung der Bündnispartner"
    )  # fmt: skip
    return document.blocks[start:]


def test_the_concept_report_lists_the_published_synopsis_of_its_edition(demo_alliance):
    document = services.build_document("concept", Options(alliance=demo_alliance, public=True))
    blocks = _section(document)
    assert blocks[0].level == 2
    assert any(isinstance(b, Heading) and b.text == TITLE for b in blocks)
    text = "\n".join(getattr(b, "text", "") for b in blocks)
    assert "4 Stellungnahmen (davon 3 öffentlich)" in text
    assert "4 übernommen, 3 teilweise übernommen, 1 nicht übernommen" in text
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.header == ["Abschnitt", "Organisation", "Stellungnahme", "Ergebnis", "Begründung"]
    assert len(table.rows) == 8
    cells = [c for row in table.rows for c in row]
    mietspiegel = "Der Mietspiegel sollte qualifiziert und alle zwei Jahre fortgeschrieben werden."
    assert mietspiegel in cells
    assert "Der qualifizierte Mietspiegel ist als Maßnahme vorgesehen." in cells
    # the housing company's statement is internal: named, without its text or the reason
    gwm = [row for row in table.rows if "Gemeinnützige Wohnungsbaugesellschaft" in row[1]]
    assert len(gwm) == 3
    assert {row[2] for row in gwm} == {"nicht öffentliche Stellungnahme"}
    assert "ohne zusätzliche Förderung" not in document.text()
    assert "Klimaschutzkonzept" not in document.text()
    word = docx.Document(io.BytesIO(services.render(document, "docx")))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Beteiligung der Bündnispartner" in headings


def test_an_unpublished_synopsis_stays_out_of_the_report(demo_alliance):
    Consultation.objects.filter(title=TITLE).update(status="abgeschlossen")
    document = services.build_document("concept", Options(alliance=demo_alliance, public=False))
    text = "\n".join(getattr(b, "text", "") for b in _section(document))
    assert "keine Synopse eines Beteiligungsverfahrens veröffentlicht" in text
    assert TITLE not in document.text()
