"""The file an observations import starts from (issue 13): German column names, one example
row, and the alliance's areas with the keys files give them (official, or the city's key with
the district number under it) beside their names."""

from __future__ import annotations

import io

import polars as pl

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.monitoring.engine import GERMAN_HEADERS
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.services.matching import AreaIndex

HEADERS = [GERMAN_HEADERS[c] for c in ("indicator", "area", "area_name", "year", "value", "source")]


def _areas(alliance: Alliance) -> list[tuple[str, str]]:
    index = AreaIndex.of(alliance)
    return [(index.label(area), area.name) for area in index.areas.values()]


def observations_template(alliance: Alliance, year: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the sheet to fill: one example row per area, the indicators with their keys)."""
    rows = [("population", key, name, year, None, None) for key, name in _areas(alliance)]
    sheet = pl.DataFrame(rows, schema=HEADERS, orient="row", schema_overrides={"Wert": pl.Float64})
    indicators = pl.DataFrame(
        list(Indicator.objects.for_alliance(alliance).values_list("key", "name", "unit")),
        schema=["Schlüssel", "Indikator", "Einheit"],
        orient="row",
    )
    return sheet, indicators


def observations_template_csv(alliance: Alliance, year: int) -> bytes:
    """As Excel opens it: UTF-8 with BOM, ';' separated."""
    sheet, _indicators = observations_template(alliance, year)
    return b"\xef\xbb\xbf" + sheet.write_csv(separator=";").encode()


def observations_template_xlsx(alliance: Alliance, year: int) -> bytes:
    """The sheet to fill first (the import reads the first sheet), the indicators second."""
    sheet, indicators = observations_template(alliance, year)
    buffer = io.BytesIO()
    from xlsxwriter import Workbook

    with Workbook(buffer) as workbook:
        sheet.write_excel(workbook, worksheet="Beobachtungen", autofit=True)
        indicators.write_excel(workbook, worksheet="Indikatoren", autofit=True)
    return buffer.getvalue()
