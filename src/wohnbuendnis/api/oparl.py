"""OParl 1.1 (https://oparl.org/spezifikation/): the alliances' public meeting data for council
information systems and OParl clients.

One System per instance; each alliance is a Body. Its bodies (Plenum, AGs, Steuerungsgruppe)
and its member organisations are Organizations, its meetings Meetings with their public agenda
items, its published reports Papers; Files are the documents of public agenda items once the
minutes are published, the public summaries and the reports' files. Persons: the public pages
name no person, so the list is empty. Everything here is as public as the public pages: the
non-public agenda items, attendance, responsible people and video links never appear.

The strict rules of ``../shared/spec/api.md``: no ``null`` (a missing value is left out),
timestamps with a UTC offset, every list page with ``data``, ``pagination`` and ``links``, every
object fetchable again at its ``id`` (the embedded agenda items, files and locations too).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.alliance.models import Alliance, Body, MemberOrganisation
from wohnbuendnis.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from wohnbuendnis.meetings.queries import public_meeting_rows, public_meetings
from wohnbuendnis.opendata import licences
from wohnbuendnis.reports.models import Report
from wohnbuendnis.reports.queries import every_published_report, published_reports
from wohnbuendnis.reports.render import CONTENT_TYPES

VERSION = "https://schema.oparl.org/1.1/"
PAGE_SIZE = 100
# OParl's recommended states; a cancelled meeting keeps its state and says cancelled: true
MEETING_STATES = {
    MeetingStatus.PLANNED: "terminiert",
    MeetingStatus.INVITED: "eingeladen",
    MeetingStatus.HELD: "durchgeführt",
    MeetingStatus.CANCELLED: "terminiert",
}
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "file",
    "consultation",
    "membership",
    "legislativeTermList",
    "locationList",
)
# lists that wohnbuendnis has nothing public for: Paper consultations, memberships of persons
# (the public pages name no person) and legislative terms (an alliance has none)
EMPTY_LISTS = ("person", "consultation", "membership", "legislativeTermList")


def _type(name: str) -> str:
    return VERSION + name


def _time(moment: datetime.datetime) -> str:
    """Local time with its offset (``2026-03-04T17:00:00+01:00``)."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _date(moment: datetime.datetime) -> str:
    """The local calendar day (``2026-03-04``): File.date and Paper.date are dates in OParl 1.1."""
    return timezone.localtime(moment).date().isoformat()


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """OParl forbids null: a value that is missing is left out (empty strings too)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


@dataclass(frozen=True)
class Urls:
    """Absolute addresses of the OParl objects: ``absolute`` turns a path into a full URL."""

    absolute: Callable[[str], str]

    def of(self, name: str, *args: Any) -> str:
        return self.absolute(reverse(f"api:oparl_{name}", args=args))

    def system(self) -> str:
        return self.of("system")

    def body(self, alliance: Alliance) -> str:
        return self.of("body", alliance.slug)

    def body_list(self, alliance: Alliance, name: str) -> str:
        return self.of("body_list", alliance.slug, name)


# -- the objects -------------------------------------------------------------------------------


def system(urls: Urls, name: str, website: str) -> dict[str, Any]:
    return {
        "id": urls.system(),
        "type": _type("System"),
        "oparlVersion": VERSION,
        "body": urls.of("bodies"),
        "name": name,
        "website": website,
        "product": "https://wohnbuendnis.de/",
        "vendor": "https://wohnbuendnis.de/",
    }


def body(alliance: Alliance, urls: Urls) -> dict[str, Any]:
    area = alliance.area
    data = {
        "id": urls.body(alliance),
        "type": _type("Body"),
        "system": urls.system(),
        "name": alliance.name,
        "shortName": alliance.slug,
        "classification": f"Bündnis für Wohnen ({area.get_level_display()} {area.name})",
        "license": licences.of(alliance).text,
        "web": urls.absolute(reverse("site:alliance", args=[alliance.slug])),
        "legislativeTerm": [],
    }
    if area.level == "municipality" and len(area.key) == 8:
        data["ags"] = area.key
    data.update({name: urls.body_list(alliance, name) for name in BODY_LISTS})
    return _without_empty(data)


def body_organization(group: Body, urls: Urls, *, embedded: bool = False) -> dict[str, Any]:
    data = {
        "id": urls.of("organization", "gremium", group.pk),
        "type": _type("Organization"),
        "body": None if embedded else urls.body(group.alliance),
        "name": group.name,
        "shortName": group.short_name,
        "organizationType": "Gremium",
        "classification": group.get_kind_display(),
        "meeting": urls.of("organization_meetings", group.pk),
    }
    return _without_empty(data)


def partner_organization(member: MemberOrganisation, urls: Urls) -> dict[str, Any]:
    organisation = member.organisation
    data = {
        "id": urls.of("organization", "partner", member.pk),
        "type": _type("Organization"),
        "body": urls.body(member.alliance),
        "name": organisation.name,
        "shortName": organisation.short_name,
        "organizationType": "sonstiges",
        "classification": f"Mitgliedsorganisation ({organisation.get_sector_display()})",
        "startDate": member.since.isoformat(),
        "endDate": member.until.isoformat() if member.until else None,
        "website": organisation.website,
    }
    return _without_empty(data)


def location(meeting: Meeting, urls: Urls) -> dict[str, Any]:
    return {
        "id": urls.of("location", meeting.pk),
        "type": _type("Location"),
        "description": meeting.place,
    }


def document_file(document: AgendaDocument, urls: Urls) -> dict[str, Any]:
    data = {
        "id": urls.of("file", "unterlage", document.pk),
        "type": _type("File"),
        "name": document.name.rsplit(".", 1)[0] if "." in document.name else document.name,
        "fileName": document.name,
        "mimeType": document.content_type or "application/octet-stream",
        "size": document.size,
        "date": _date(document.uploaded_at),
        "accessUrl": urls.absolute(reverse("meetings:document", args=[document.pk])),
        "meeting": [urls.of("meeting", document.agenda_item.meeting_id)],
        "agendaItem": [urls.of("agenda_item", document.agenda_item_id)],
    }
    return _without_empty(data)


def summary_file(minutes: Minutes, urls: Urls) -> dict[str, Any]:
    data = {
        "id": urls.of("file", "protokoll", minutes.pk),
        "type": _type("File"),
        "name": f"Öffentliche Zusammenfassung: {minutes.meeting.title}",
        "fileName": f"zusammenfassung-{minutes.meeting_id}.html",
        "mimeType": "text/html",
        "accessUrl": urls.absolute(reverse("meetings:public_summary", args=[minutes.pk])),
        "meeting": [urls.of("meeting", minutes.meeting_id)],
    }
    return _without_empty(data)


def report_file(report: Report, urls: Urls) -> dict[str, Any]:
    data = {
        "id": urls.of("file", "bericht", report.pk),
        "type": _type("File"),
        "name": report.get_kind_display(),
        "fileName": report.file_name,
        "mimeType": CONTENT_TYPES[report.format].split(";")[0],
        "date": _date(report.published_at or report.created_at),
        "accessUrl": urls.absolute(
            reverse("reports:download", args=[report.alliance.slug, report.pk])
        ),
        "paper": [urls.of("paper", report.pk)],
        "license": licences.of(report.alliance).text,
    }
    return _without_empty(data)


def agenda_item(
    item: AgendaItem, urls: Urls, documents: Sequence[AgendaDocument], *, embedded: bool = False
) -> dict[str, Any]:
    data = {
        "id": urls.of("agenda_item", item.pk),
        "type": _type("AgendaItem"),
        "meeting": None if embedded else urls.of("meeting", item.meeting_id),
        "number": str(item.position),
        "order": item.position,
        "name": item.title,
        "public": True,
        "auxiliaryFile": [document_file(d, urls) for d in documents] or None,
    }
    return _without_empty(data)


def meeting(
    item: Meeting, urls: Urls, documents: dict[int, list[AgendaDocument]]
) -> dict[str, Any]:
    minutes = getattr(item, "minutes", None)
    published = minutes is not None and minutes.status == MinutesStatus.PUBLISHED
    data = {
        "id": urls.of("meeting", item.pk),
        "type": _type("Meeting"),
        "name": item.title,
        "meetingState": MEETING_STATES[MeetingStatus(item.status)],
        "cancelled": item.status == MeetingStatus.CANCELLED,
        "start": _time(item.starts_at),
        "end": _time(item.ends_at),
        "location": location(item, urls) if item.place else None,
        "organization": [urls.of("organization", "gremium", item.body_id)],
        "resultsProtocol": summary_file(minutes, urls) if published else None,
        "agendaItem": [
            agenda_item(a, urls, documents.get(a.pk, []), embedded=True)
            for a in item.agenda_items.all()
        ],
        "web": urls.absolute(reverse("meetings:public_summary", args=[minutes.pk]))
        if published
        else None,
    }
    return _without_empty(data)


def paper(report: Report, urls: Urls) -> dict[str, Any]:
    label = report.get_kind_display()
    when = report.year or report.edition
    data = {
        "id": urls.of("paper", report.pk),
        "type": _type("Paper"),
        "body": urls.body(report.alliance),
        "name": f"{label} {when}" if when else label,
        "reference": f"{report.alliance.slug}-{report.kind}-{report.pk}",
        "date": _date(report.published_at or report.created_at),
        "paperType": label,
        "mainFile": report_file(report, urls),
    }
    return _without_empty(data)


# -- what is public ---------------------------------------------------------------------------


def public_documents(meetings: Sequence[Meeting]) -> dict[int, list[AgendaDocument]]:
    """The documents of public agenda items of meetings whose minutes are published (the rule
    ``meetings.download_document`` gives those to everyone), by agenda item."""
    published = [
        m.pk
        for m in meetings
        if getattr(m, "minutes", None) is not None and m.minutes.status == MinutesStatus.PUBLISHED
    ]
    by_item: dict[int, list[AgendaDocument]] = {}
    rows = AgendaDocument.objects.filter(
        agenda_item__meeting__in=published, agenda_item__public=True
    ).select_related("agenda_item")
    for document in rows.order_by("agenda_item", "uploaded_at", "pk"):
        by_item.setdefault(document.agenda_item_id, []).append(document)
    return by_item


def meetings_of(alliance: Alliance) -> QuerySet[Meeting]:
    return public_meetings(alliance)


def meetings_of_all() -> QuerySet[Meeting]:
    return public_meeting_rows()


def public_reports() -> QuerySet[Report]:
    return every_published_report().select_related("alliance")


def organization(found: Body | MemberOrganisation, urls: Urls) -> dict[str, Any]:
    if isinstance(found, Body):
        return body_organization(found, urls)
    return partner_organization(found, urls)


def organizations_of(alliance: Alliance) -> list[Body | MemberOrganisation]:
    groups: list[Body | MemberOrganisation] = list(alliance.bodies.order_by("position", "name"))
    partners = (
        MemberOrganisation.objects.active()
        .filter(alliance=alliance)
        .select_related("organisation", "alliance")
        .order_by("organisation__name")
    )
    return groups + list(partners)


def public_agenda_items(alliance: Alliance) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(meeting__body__alliance=alliance, public=True)
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id", "position")
    )


def public_minutes(alliance: Alliance) -> QuerySet[Minutes]:
    return Minutes.objects.filter(
        meeting__body__alliance=alliance, status=MinutesStatus.PUBLISHED
    ).select_related("meeting")


def files_of(alliance: Alliance, urls: Urls) -> list[dict[str, Any]]:
    meetings = list(meetings_of(alliance))
    files = [document_file(d, urls) for docs in public_documents(meetings).values() for d in docs]
    minutes = public_minutes(alliance).order_by("meeting__starts_at")
    files += [summary_file(m, urls) for m in minutes]
    files += [report_file(r, urls) for r in published_reports(alliance).select_related("alliance")]
    return files


# -- lists -------------------------------------------------------------------------------------


def page(items: Sequence[Any], number: int, url: str) -> tuple[Sequence[Any], dict[str, Any]]:
    """The slice of ``items`` on page ``number`` (from 1) and the list's ``pagination`` and
    ``links``; a page beyond the last is empty (its links still lead back)."""
    total = len(items)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    start = (number - 1) * PAGE_SIZE
    rows = items[start : start + PAGE_SIZE]
    links = {
        "first": f"{url}?page=1",
        "last": f"{url}?page={pages}",
        "self": f"{url}?page={number}",
    }
    if number > 1:
        links["prev"] = f"{url}?page={min(number - 1, pages)}"
    if number < pages:
        links["next"] = f"{url}?page={number + 1}"
    pagination = {
        "totalElements": total,
        "elementsPerPage": PAGE_SIZE,
        "currentPage": number,
        "totalPages": pages,
    }
    return rows, {"pagination": pagination, "links": links}
