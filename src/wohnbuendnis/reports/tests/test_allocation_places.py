"""The yearly allocation statistics show the placements by district and the segregation index
as the page "Vermittlungen nach Stadtteil" computes them (small counts suppressed)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from wohnbuendnis.allocation import queries
from wohnbuendnis.allocation.models import Household
from wohnbuendnis.reports import services
from wohnbuendnis.reports.builders import Options
from wohnbuendnis.reports.document import german_number

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("allocation")]


def test_the_statistics_show_districts_and_the_segregation_index(demo_alliance):
    year = timezone.localdate().year - 1
    document = services.build_document("allocation", Options(demo_alliance, year=year))
    tables = {b.caption: b.rows for b in document.blocks if hasattr(b, "rows")}
    index = tables[f"Dissimilaritätsindex der {year} vermittelten Haushalte"]
    expected = queries.segregation(demo_alliance, year)
    assert [row[0] for row in index] == [s.label for s in expected]
    assert [row[3] for row in index] == [german_number(s.index, 2) for s in expected]
    assert all(s.index is not None and 0 < s.index < 1 for s in expected)
    districts = tables[
        f"Vermittlungen, gemeldete Wohnungen und versorgte Notfälle {year} je Stadtteil"
    ]
    figures = queries.place_figures(demo_alliance)
    assert len(districts) == 20
    assert sum(int(row[2]) for row in districts) == figures[(None, year)].vacancies
    for _name, placements, _vacancies, emergency in districts:
        for cell in (placements, emergency):
            assert cell in {"weniger als 5", "0"} or int(cell.replace(".", "")) >= 5
    text = " ".join(" ".join(map(str, row)) for rows in tables.values() for row in rows)
    for name in Household.objects.filter(alliance=demo_alliance).values_list("name", flat=True):
        assert name not in text
