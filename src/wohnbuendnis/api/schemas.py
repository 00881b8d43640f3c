"""What the API reads and writes (pydantic schemas through django-ninja): only public fields,
never a person or an applicant."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

#: no NUL character (PostgreSQL refuses it; the browser's forms refuse it too)
TEXT = r"^[^\x00]*$"
KEY = r"^[-A-Za-z0-9_.]{1,60}$"


class Problem(Schema):
    """An error as RFC 9457 problem details (``application/problem+json``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Fehler je Feld (Feldname → Meldungen)"
    )


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=500, description="Einträge je Seite")
    offset: int = Field(0, ge=0, le=1_000_000, description="Einträge überspringen")


class PageMeta(Schema):
    count: int = Field(description="Einträge insgesamt")
    limit: int
    offset: int


class AllianceOut(Schema):
    slug: str
    name: str
    area: str = Field(description="Schlüssel des Gebiets (AGS/ARS)")
    summary: str


class AreaOut(Schema):
    key: str
    name: str
    level: str
    level_label: str
    parent: str | None = Field(description="Schlüssel des übergeordneten Gebiets")


class IndicatorOut(Schema):
    key: str
    name: str
    topic: str
    topic_label: str
    unit: str
    definition: str
    source: str
    decimals: int
    is_key_figure: bool


class ObservationOut(Schema):
    indicator: str
    area: str
    year: int
    value: float
    source: str


class MeasurementOut(Schema):
    year: int
    value: float
    source: str


class GoalOut(Schema):
    code: str
    title: str
    guideline: str
    nature: str
    target_group: str
    area: str | None
    year_from: int
    year_to: int
    indicator: str
    unit: str
    target: float | None
    target_high: float | None
    measurements: list[MeasurementOut] = Field(description="freigegebene Istwerte")


class MeasureOut(Schema):
    number: int
    title: str
    description: str
    guideline: str
    lead: str = Field(description="federführende Organisation")
    status: str = Field(description="freigegebener Stand")
    status_label: str
    progress: int | None = Field(description="freigegebener Fortschritt in %")


class ProjectOut(Schema):
    id: int
    name: str
    area: str
    status: str
    status_label: str
    dwellings: int
    social_dwellings: int
    accessible_dwellings: int
    expected_completion: int


class AgendaItemOut(Schema):
    position: int
    title: str


class MeetingOut(Schema):
    id: int
    title: str
    body: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    status: str
    status_label: str
    agenda: list[AgendaItemOut] = Field(description="öffentliche Tagesordnungspunkte")


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of ``item``s."""
    return type(name, (PageMeta,), {"__annotations__": {"items": list[item]}})


AlliancePage = page_of(AllianceOut, "AlliancePage")
AreaPage = page_of(AreaOut, "AreaPage")
IndicatorPage = page_of(IndicatorOut, "IndicatorPage")
ObservationPage = page_of(ObservationOut, "ObservationPage")
GoalPage = page_of(GoalOut, "GoalPage")
MeasurePage = page_of(MeasureOut, "MeasurePage")
ProjectPage = page_of(ProjectOut, "ProjectPage")
MeetingPage = page_of(MeetingOut, "MeetingPage")


# --- writing --------------------------------------------------------------------------------


class VacancyIn(Schema):
    label: str = Field(min_length=1, max_length=200, pattern=TEXT, description="Lage")
    rooms: float = Field(ge=1, le=12, multiple_of=0.5, description="Zimmer, in halben")
    area_m2: float = Field(ge=10, le=500, description="Wohnfläche in m²")
    rent_gross_eur: float = Field(gt=0, le=10_000, description="Bruttowarmmiete je Monat")
    step_free: bool = False
    wheelchair: bool = False
    funding_path: str = Field("1", min_length=1, max_length=10, pattern=r"^[-A-Za-z0-9_.]+$")
    bound_until: datetime.date = Field(description="Ende der Belegungsbindung")
    available_from: datetime.date = Field(description="frei ab")
    street: str = Field("", max_length=120, pattern=TEXT, description="Straße")
    house_number: str = Field("", max_length=10, pattern=TEXT, description="Hausnummer")
    postcode: str = Field("", max_length=5, pattern=r"^([0-9]{5})?$", description="Postleitzahl")
    district: str | None = Field(
        None, min_length=1, max_length=20, pattern=r"^[-A-Za-z0-9_.]+$",
        description="Schlüssel des Stadtteils (ein Stadtteil des Bündnisgebiets, siehe /areas)",
    )  # fmt: skip


class VacancyOut(Schema):
    id: str = Field(description="Kennung der Meldung")
    label: str
    district: str | None = Field(None, description="Schlüssel des Stadtteils")
    available_from: datetime.date
    reported_on: datetime.date
    status: str
    status_label: str


VacancyPage = page_of(VacancyOut, "VacancyPage")


class ValueIn(Schema):
    indicator: str = Field(pattern=KEY)
    year: int = Field(ge=1900, le=2100)
    value: float = Field(allow_inf_nan=False, ge=-1e15, le=1e15)


class ObservationsIn(Schema):
    area: str = Field(pattern=r"^[-A-Za-z0-9_.]{1,20}$", description="Schlüssel des Gebiets")
    source: str = Field(min_length=1, max_length=300, pattern=TEXT)
    values: list[ValueIn] = Field(min_length=1, max_length=10_000)


class RecordedOut(Schema):
    created: int
    updated: int
    unchanged: int
