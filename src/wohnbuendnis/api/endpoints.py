"""The HTTP API, version 1 (django-ninja): public reading without a token, writing with an
organisation's token through the same services and checks as the browser.

Mounted at ``/api/v1/``; the OpenAPI 3.1 document is ``/api/v1/openapi.json``, the interactive
docs ``/api/v1/docs``. Every error is RFC 9457 problem details (``application/problem+json``),
and every operation documents each status it can return.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models import Vacancy, district_choices
from wohnbuendnis.allocation.services import report_vacancy
from wohnbuendnis.api import schemas as s
from wohnbuendnis.api import services
from wohnbuendnis.api.models import ApiToken, Scope
from wohnbuendnis.areas.models import Area
from wohnbuendnis.concept.models import BuildingProject, Measure
from wohnbuendnis.concept.queries import public_goals
from wohnbuendnis.meetings.models import AgendaItem, Meeting
from wohnbuendnis.monitoring.models import Indicator, Observation
from wohnbuendnis.monitoring.queries import SHOWN, alliance_areas
from wohnbuendnis.monitoring.services import record_observations

PROBLEM = "application/problem+json"

#: an alliance's short name in the address (a slug: never a NUL character, which PostgreSQL
#: refuses)
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]{1,50}$", description="Kurzname des Bündnisses")]


class RateLimit(SimpleRateThrottle):
    """``settings.API_RATE_LIMIT`` calls per token (or per address without one)."""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_RATE_LIMIT  # read per call: an instance may change it
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        auth = getattr(request, "auth", None)
        ident = f"token-{auth.pk}" if isinstance(auth, ApiToken) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are documented as ``application/problem+json``, as they are sent."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        return schema


api = Api(
    title="wohnbuendnis API",
    version="1",
    description=(
        "Öffentliche Daten eines Bündnisses für Wohnen (Gebiete, Indikatoren, Beobachtungen, "
        "Ziele, Maßnahmen, Bauvorhaben, Sitzungen) ohne Schlüssel; Meldungen freier gebundener "
        "Wohnungen und Beobachtungen mit dem Schlüssel einer Mitgliedsorganisation "
        "(`Authorization: Bearer …`). Fehler als RFC 9457 `application/problem+json`."
    ),
    urls_namespace="api-v1",
    throttle=[RateLimit()],
)


def problem(request, status: int, title: str, detail: str = "", errors=None, headers=None):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "errors": errors or {}}  # fmt: skip
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(RequestInvalid)
def _invalid_request(request, exc: RequestInvalid) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        errors.setdefault(field, []).append(str(error.get("msg", "")))
    return problem(request, 422, "Ungültige Anfrage", "", errors)


@api.exception_handler(ValidationError)
def _refused(request, exc: ValidationError) -> HttpResponse:
    errors = (
        {field: [str(m) for m in ValidationError(msgs).messages]
         for field, msgs in exc.error_dict.items()}
        if hasattr(exc, "error_dict") else {}
    )  # fmt: skip
    return problem(request, 422, "Abgelehnt", " ".join(exc.messages), errors)


@api.exception_handler(Http404)
def _not_found(request, exc) -> HttpResponse:
    return problem(request, 404, "Nicht gefunden")


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled) -> HttpResponse:
    wait = {"Retry-After": str(int(exc.wait or 1) + 1)}
    return problem(request, 429, "Zu viele Aufrufe", "Bitte später erneut versuchen.", None, wait)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc) -> HttpResponse:
    return problem(
        request, 401, "Nicht angemeldet",
        "Schlüssel fehlt, ist unbekannt, abgelaufen oder widerrufen.",
        headers={"WWW-Authenticate": 'Bearer realm="wohnbuendnis"'},
    )  # fmt: skip


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


class TokenAuth(HttpBearer):
    """An organisation's API token; a known but expired or revoked one is logged with 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return services.authenticate(token, request.method or "", request.path)


def _scoped(request, scope: Scope, alliance: Alliance) -> ApiToken:
    token: ApiToken = request.auth
    if token.alliance_id != alliance.pk or scope not in token.scopes:
        services.log_call(token, request.method, request.path, 403, "Berechtigung fehlt")
        raise HttpError(403, "Der Schlüssel berechtigt nicht zu diesem Aufruf.")
    return token


READ = {404: s.Problem, 422: s.Problem, 429: s.Problem}
WRITE = {401: s.Problem, 403: s.Problem, 404: s.Problem, 422: s.Problem, 429: s.Problem}


def _alliance(slug: str) -> Alliance:
    return get_object_or_404(Alliance.objects.select_related("area"), slug=slug)


def _page(rows, page: s.PageQuery, convert) -> dict[str, Any]:
    count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    chunk = rows[page.offset : page.offset + page.limit]
    return {"count": count, "limit": page.limit, "offset": page.offset,
            "items": [convert(row) for row in chunk]}  # fmt: skip


def _area_keys(alliance: Alliance) -> dict[int, str]:
    return {area.pk: key for key, area in alliance_areas(alliance).items()}


# --- reading: public data only --------------------------------------------------------------


@api.get("/alliances", response={200: s.AlliancePage, 422: s.Problem, 429: s.Problem},
         tags=["Bündnisse"], summary="Bündnisse")  # fmt: skip
def alliances(request, page: Query[s.PageQuery]):
    rows = Alliance.objects.select_related("area").order_by("slug")
    return _page(rows, page, lambda a: {"slug": a.slug, "name": a.name, "area": a.area.key,
                                         "summary": a.summary})  # fmt: skip


@api.get("/alliances/{slug}/areas", response={200: s.AreaPage, **READ}, tags=["Gebiete"],
         summary="Gebiete des Bündnisses")  # fmt: skip
def areas(request, slug: Slug, page: Query[s.PageQuery]):
    alliance = _alliance(slug)
    ids = [alliance.area_id, *alliance.area.descendant_ids()]
    rows = Area.objects.filter(pk__in=ids).select_related("parent").order_by("level", "key", "pk")
    return _page(rows, page, lambda a: {
        "key": a.key, "name": a.name, "level": a.level, "level_label": a.get_level_display(),
        "parent": a.parent.key if a.parent_id and a.pk != alliance.area_id else None,
    })  # fmt: skip


def _public_indicators(alliance: Alliance):
    return Indicator.objects.for_alliance(alliance).filter(is_public=True)


@api.get("/alliances/{slug}/indicators", response={200: s.IndicatorPage, **READ},
         tags=["Monitoring"], summary="Veröffentlichte Indikatoren")  # fmt: skip
def indicators(request, slug: Slug, page: Query[s.PageQuery]):
    rows = _public_indicators(_alliance(slug)).order_by("position", "key")
    return _page(rows, page, lambda i: {
        "key": i.key, "name": i.name, "topic": i.topic, "topic_label": i.get_topic_display(),
        "unit": i.unit, "definition": i.definition, "source": i.source, "decimals": i.decimals,
        "is_key_figure": i.is_key_figure,
    })  # fmt: skip


@api.get("/alliances/{slug}/observations", response={200: s.ObservationPage, **READ},
         tags=["Monitoring"], summary="Werte der veröffentlichten Indikatoren")  # fmt: skip
def observations(
    request, slug: Slug, page: Query[s.PageQuery],
    indicator: str | None = Query(None, pattern=s.KEY),
    area: str | None = Query(None, pattern=s.KEY),
    year: int | None = Query(None, ge=1900, le=2100),
):  # fmt: skip
    alliance = _alliance(slug)
    keys = _area_keys(alliance)
    rows = Observation.objects.filter(
        SHOWN, area_id__in=keys, indicator__in=_public_indicators(alliance)
    ).select_related("indicator")
    if indicator is not None:
        rows = rows.filter(indicator__key=indicator)
    if area is not None:
        rows = rows.filter(area_id__in=[pk for pk, key in keys.items() if key == area])
    if year is not None:
        rows = rows.filter(year=year)
    rows = rows.order_by("indicator__position", "indicator__key", "area_id", "year")
    return _page(rows, page, lambda o: {
        "indicator": o.indicator.key, "area": keys[o.area_id], "year": o.year,
        "value": o.value, "source": o.source,
    })  # fmt: skip


@api.get("/alliances/{slug}/goals", response={200: s.GoalPage, **READ}, tags=["Handlungskonzept"],
         summary="Ziele mit freigegebenen Istwerten")  # fmt: skip
def goals(request, slug: Slug, page: Query[s.PageQuery]):
    rows = public_goals(_alliance(slug)).select_related("guideline", "area").order_by("code")
    return _page(rows, page, lambda g: {
        "code": g.code, "title": g.title, "guideline": g.guideline.name, "nature": g.nature,
        "target_group": g.target_group, "area": g.area.key if g.area_id else None,
        "year_from": g.year_from, "year_to": g.year_to, "indicator": g.indicator,
        "unit": g.unit, "target": g.target, "target_high": g.target_high,
        "measurements": [
            {"year": m.year, "value": m.released_value, "source": m.released_source}
            for m in sorted(g.measurements.all(), key=lambda m: m.year)
        ],
    })  # fmt: skip


@api.get("/alliances/{slug}/measures", response={200: s.MeasurePage, **READ},
         tags=["Handlungskonzept"], summary="Maßnahmen mit freigegebenem Stand")  # fmt: skip
def measures(request, slug: Slug, page: Query[s.PageQuery]):
    rows = (
        Measure.objects.filter(alliance=_alliance(slug))
        .exclude(released_status="")
        .select_related("guideline", "lead")
        .order_by("number")
    )
    return _page(rows, page, lambda m: {
        "number": m.number, "title": m.title, "description": m.description,
        "guideline": m.guideline.name, "lead": m.lead.name, "status": m.released_status,
        "status_label": m.get_released_status_display(), "progress": m.released_progress,
    })  # fmt: skip


@api.get("/alliances/{slug}/projects", response={200: s.ProjectPage, **READ},
         tags=["Handlungskonzept"], summary="Bauvorhaben")  # fmt: skip
def projects(request, slug: Slug, page: Query[s.PageQuery]):
    rows = (
        BuildingProject.objects.filter(alliance=_alliance(slug))
        .select_related("area")
        .order_by("expected_completion", "name", "pk")
    )
    return _page(rows, page, lambda p: {
        "id": p.pk, "name": p.name, "area": p.area.key, "status": p.status,
        "status_label": p.get_status_display(), "dwellings": p.dwellings,
        "social_dwellings": p.social_dwellings, "accessible_dwellings": p.accessible_dwellings,
        "expected_completion": p.expected_completion,
    })  # fmt: skip


@api.get("/alliances/{slug}/meetings", response={200: s.MeetingPage, **READ},
         tags=["Sitzungen"], summary="Sitzungen mit öffentlicher Tagesordnung")  # fmt: skip
def meetings(request, slug: Slug, page: Query[s.PageQuery]):
    public_items = AgendaItem.objects.filter(public=True).order_by("position")
    rows = (
        Meeting.objects.filter(body__alliance=_alliance(slug))
        .select_related("body")
        .prefetch_related(Prefetch("agenda_items", queryset=public_items))
        .order_by("-starts_at", "pk")
    )
    return _page(rows, page, lambda m: {
        "id": m.pk, "title": m.title, "body": m.body.name, "starts_at": m.starts_at,
        "ends_at": m.ends_at, "place": m.place, "status": m.status,
        "status_label": m.get_status_display(),
        "agenda": [{"position": i.position, "title": i.title} for i in m.agenda_items.all()],
    })  # fmt: skip


# --- writing: with an organisation's token --------------------------------------------------


def _vacancy(v: Vacancy) -> dict[str, Any]:
    district = v.flat.district
    return {"id": str(v.public_id), "label": v.flat.label,
            "district": district.key if district else None, "available_from": v.available_from,
            "reported_on": v.reported_on, "status": v.status,
            "status_label": v.get_status_display()}  # fmt: skip


def _money(value: float, field: str) -> Decimal:
    exact = Decimal(str(value))
    if exact != exact.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Höchstens zwei Nachkommastellen.")})
    return exact.quantize(Decimal("0.01"))


def _district(alliance: Alliance, key: str | None) -> Area | None:
    """The district of the alliance with this key (checked again by the service)."""
    if key is None:
        return None
    found = district_choices(alliance).filter(key=key).first()
    if found is None:
        raise ValidationError(
            {"district": _("Bitte wählen Sie einen Stadtteil des Bündnisgebiets.")}
        )
    return found


@api.get("/alliances/{slug}/vacancies", auth=TokenAuth(),
         response={200: s.VacancyPage, **WRITE}, tags=["Vermittlung"],
         summary="Eigene gemeldete Wohnungen (Vermieter)")  # fmt: skip
def own_vacancies(request, slug: Slug, page: Query[s.PageQuery]):
    token = _scoped(request, Scope.VACANCIES, _alliance(slug))
    rows = (
        Vacancy.objects.filter(flat__alliance=token.alliance, flat__landlord=token.organisation)
        .select_related("flat__district")
        .order_by("-reported_on", "-pk")
    )
    result = _page(rows, page, _vacancy)
    services.log_call(token, request.method, request.path, 200)
    return result


@api.post("/alliances/{slug}/vacancies", auth=TokenAuth(),
          response={201: s.VacancyOut, **WRITE}, tags=["Vermittlung"],
          summary="Freie gebundene Wohnung melden (Vermieter)")  # fmt: skip
def report(request, slug: Slug, data: s.VacancyIn):
    token = _scoped(request, Scope.VACANCIES, _alliance(slug))
    flat = data.dict(exclude={"available_from", "district"})
    flat["rooms"] = Decimal(str(data.rooms))
    flat["area_m2"] = _money(data.area_m2, "area_m2")
    flat["rent_gross_eur"] = _money(data.rent_gross_eur, "rent_gross_eur")
    try:
        flat["district"] = _district(token.alliance, data.district)
        vacancy = report_vacancy(
            token.alliance, None, token.organisation, flat, data.available_from
        )
    except ValidationError as error:
        services.log_call(token, request.method, request.path, 422, " ".join(error.messages))
        raise
    services.log_call(token, request.method, request.path, 201, f"Wohnung {vacancy.public_id}")
    return Status(201, _vacancy(vacancy))


@api.post("/alliances/{slug}/observations", auth=TokenAuth(),
          response={200: s.RecordedOut, **WRITE}, tags=["Monitoring"],
          summary="Beobachtungen übermitteln (Statistikstelle)")  # fmt: skip
def push_observations(request, slug: Slug, data: s.ObservationsIn):
    token = _scoped(request, Scope.OBSERVATIONS, _alliance(slug))
    area = alliance_areas(token.alliance).get(data.area)
    values: dict[tuple[str, int], float] = {}
    for row in data.values:
        values[(row.indicator, row.year)] = row.value
    try:
        if area is None:
            raise ValidationError({"area": _("Das Gebiet gehört nicht zum Bündnis.")})
        source = f"{data.source} ({token.organisation})"
        done = record_observations(token.alliance, area, values, source, None)
    except ValidationError as error:
        services.log_call(token, request.method, request.path, 422, " ".join(error.messages))
        raise
    note = f"{done.created} neu, {done.updated} geändert, {done.unchanged} gleich"
    services.log_call(token, request.method, request.path, 200, note)
    return {"created": done.created, "updated": done.updated, "unchanged": done.unchanged}
