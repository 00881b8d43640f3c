"""The attendance list as a file people open in Excel (docs/downloads.md): German headers,
CSV for German Excel and XLSX through ``lib.spreadsheets``."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.events.models import Event
from wohnbuendnis.events.queries import attendance_list
from wohnbuendnis.lib import spreadsheets


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}" if moment else ""


def frame(event: Event) -> pl.DataFrame:
    """One row per registration: Name, Organisation, E-Mail, Status, Platz auf der
    Warteliste, angemeldet am, bestätigt am, anwesend."""
    rows = attendance_list(event)
    place = 0
    places = []
    for r in rows:
        place += r.status == "warteliste"
        places.append(place if r.status == "warteliste" else None)
    columns = {
        _("Name"): [r.name for r in rows],
        _("Organisation"): [r.organisation for r in rows],
        _("E-Mail-Adresse"): [r.email for r in rows],
        _("Status"): [str(r.get_status_display()) for r in rows],
        _("Platz auf der Warteliste"): places,
        _("angemeldet am"): [_day(r.created_at) for r in rows],
        _("bestätigt am"): [_day(r.confirmed_at) for r in rows],
        _("anwesend"): [_("ja") if r.attended else "" for r in rows],
    }
    schema = {name: pl.String for name in columns} | {_("Platz auf der Warteliste"): pl.Int64}
    return pl.DataFrame(columns, schema=schema)


def csv(event: Event) -> bytes:
    return spreadsheets.csv_for_excel(frame(event))


def xlsx(event: Event) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        spreadsheets.add_sheet(workbook, spreadsheets.Sheet(_("Teilnehmende"), frame(event)))
    return buffer.getvalue()


def filename(event: Event, suffix: str) -> str:
    return f"teilnehmende-veranstaltung-{event.pk}.{suffix}"
