"""The monitoring's values as people open them in Excel (issue 13): the columns of the import
template (German names, the area's key as imports read it beside its name), the indicator's
name and unit, each value rounded to its indicator's decimals, the whole city first in each
indicator. Uploaded again as an observations import, the file changes nothing (see
``bulk.diff``). The exchange format ``observations.csv`` (spec/monitoring.md) is written
by :func:`observations_csv`."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import AreaLevel
from wohnbuendnis.lib import spreadsheets
from wohnbuendnis.monitoring.engine import GERMAN_HEADERS
from wohnbuendnis.monitoring.models import Observation
from wohnbuendnis.monitoring.queries import (
    SHOWN,
    alliance_areas,
    observation_frame,
    public_indicators,
)
from wohnbuendnis.monitoring.services.matching import AreaIndex

INDICATOR_NAME = "Indikatorname"  # not read by the import: a column for the reader
COLUMNS = [
    GERMAN_HEADERS["indicator"],
    INDICATOR_NAME,
    GERMAN_HEADERS["area"],
    GERMAN_HEADERS["area_name"],
    GERMAN_HEADERS["year"],
    GERMAN_HEADERS["value"],
    GERMAN_HEADERS["unit"],
    GERMAN_HEADERS["source"],
]
VALUE = GERMAN_HEADERS["value"]
SHEET = "Beobachtungen"


def table(
    alliance: Alliance, indicator: str | None = None, *, public: bool = False
) -> tuple[pl.DataFrame, list[int]]:
    """(the rows in :data:`COLUMNS`, each row's decimals); values already rounded (floats);
    ``public``: only the series of the public indicators (open data).

    Sorted by indicator, area (the alliance's own area first, then by level and key) and
    year."""
    index = AreaIndex.of(alliance)
    ranked = sorted(index.areas.values(), key=lambda a: (AreaLevel(a.level).rank, a.key, a.pk))
    order = {area.pk: i for i, area in enumerate(ranked)}  # the alliance's own area first
    rows = Observation.objects.filter(SHOWN, area_id__in=list(index.areas))
    if indicator is not None:
        rows = rows.filter(indicator__key=indicator)
    if public:
        rows = rows.filter(indicator__in=public_indicators(alliance))
    fields = ("indicator__key", "indicator__name", "area_id", "year", "value")
    more = ("indicator__unit", "indicator__decimals", "source")
    found = sorted(rows.values_list(*fields, *more), key=lambda r: (r[0], order[r[2]], r[3]))
    records = []
    decimals = []
    for key, name, area_id, year, value, unit, places, source in found:
        area = index.areas[area_id]
        rounded = float(spreadsheets.half_up(value, places))
        records.append((key, name, index.label(area), area.name, year, rounded, unit, source))
        decimals.append(places)
    schema = dict.fromkeys(COLUMNS, pl.String) | {COLUMNS[4]: pl.Int64, VALUE: pl.Float64}
    return pl.DataFrame(records, schema=schema, orient="row"), decimals


def excel_csv(alliance: Alliance, indicator: str | None = None) -> bytes:
    """CSV for German Excel; each value with exactly its indicator's decimals."""
    frame, decimals = table(alliance, indicator)
    text = [
        f"{value:.{places}f}".replace(".", ",")
        for value, places in zip(frame[VALUE].to_list(), decimals, strict=True)
    ]
    return spreadsheets.csv_for_excel(frame.with_columns(pl.Series(VALUE, text, pl.String)))


def excel_xlsx(alliance: Alliance, indicator: str | None = None) -> bytes:
    """XLSX: the import reads the first sheet; each value cell formatted with its decimals."""
    frame, decimals = table(alliance, indicator)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        worksheet = spreadsheets.add_sheet(workbook, spreadsheets.Sheet(SHEET, frame))
        formats = {
            d: workbook.add_format({"num_format": spreadsheets.number_format(d)})
            for d in set(decimals)
        }
        column = COLUMNS.index(VALUE)
        for row, (value, places) in enumerate(zip(frame[VALUE], decimals, strict=True), 1):
            worksheet.write_number(row, column, value, formats[places])
    return buffer.getvalue()


def observations_csv(alliance: Alliance, indicator: str | None = None) -> bytes:
    """The exchange format ``observations.csv`` (spec/monitoring.md: ``indicator, area, year,
    value``, UTF-8, ``,``, ``.``; values as stored) for programs."""
    areas = alliance_areas(alliance)
    frame = observation_frame([a.pk for a in areas.values()], [indicator] if indicator else None)
    return frame.sort("indicator", "area", "year").write_csv().encode()
