"""An open-data table as a file: CSV for German Excel (``lib.spreadsheets``: ``;``, decimal
comma, UTF-8 with BOM) and JSON; both name the publisher, the licence, the source (the public
page the data comes from) and the date of the data (``Datenstand``: the last change of its
content, else the day the file was made)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.lib import spreadsheets
from wohnbuendnis.opendata.licences import Licence
from wohnbuendnis.opendata.queries import Dataset, Table

DTYPES = {"text": pl.String, "int": pl.Int64, "float": pl.Float64}


@dataclass(frozen=True)
class Meta:
    """What every file of an alliance says about itself."""

    publisher: str
    publisher_url: str
    licence: Licence
    source: str  # the public page of the data
    address: str  # the file's own address


def stand(table: Table) -> datetime.date:
    """The date of the data: its last change, or today when nothing says when."""
    if table.modified is None:
        return timezone.localdate()
    return timezone.localtime(table.modified).date()


def _value(value, kind: str):
    if value is None or value == "":
        return None if kind != "text" else (value if value is not None else "")
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def csv_bytes(dataset: Dataset, table: Table, meta: Meta) -> bytes:
    """The rows, then per row the publisher, the licence and the date (so that every line
    that is copied on keeps them)."""
    names = [str(c.header) for c in table.columns]
    extra = [_("Herausgeber"), _("Datenlizenz"), _("Datenstand")]
    schema = {n: DTYPES[c.kind] for n, c in zip(names, table.columns, strict=True)}
    schema |= dict.fromkeys(extra, pl.String)
    tail = (meta.publisher, f"{meta.licence.name} ({meta.licence.text})", stand(table).isoformat())
    records = [
        (*[_value(row.get(c.key), c.kind) for c in table.columns], *tail) for row in table.rows
    ]
    frame = pl.DataFrame(records, schema=schema, orient="row")
    return spreadsheets.csv_for_excel(frame)


def json_bytes(dataset: Dataset, table: Table, meta: Meta) -> bytes:
    data = {
        "title": str(dataset.title),
        "description": str(dataset.description),
        "publisher": {"name": meta.publisher, "url": meta.publisher_url},
        "license": meta.licence.as_json(),
        "attribution": attribution(meta),
        "source": meta.source,
        "url": meta.address,
        "modified": stand(table).isoformat(),
        "basedOn": table.note or None,
        "columns": [{"key": c.key, "title": str(c.header), "type": c.kind} for c in table.columns],
        "records": [
            {c.key: _value(row.get(c.key), c.kind) for c in table.columns} for row in table.rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def attribution(meta: Meta) -> str:
    """The attribution the licence asks for (Namensnennung)."""
    return _("Datenquelle: %(publisher)s, %(source)s") % {
        "publisher": meta.publisher,
        "source": meta.source,
    }
