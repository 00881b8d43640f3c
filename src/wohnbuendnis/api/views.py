"""The token page of an alliance (Koordination): issue, list and revoke API tokens; the
OParl 1.1 endpoints (api/oparl.py)."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wohnbuendnis.alliance.forms import add_service_error
from wohnbuendnis.alliance.models import Alliance, Body, MemberOrganisation
from wohnbuendnis.api import oparl, services
from wohnbuendnis.api.forms import TokenForm
from wohnbuendnis.api.models import ApiCall, ApiToken
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import no_store, object_permission_required, run_service
from wohnbuendnis.meetings.models import AgendaDocument, AgendaItem, Meeting, Minutes, MinutesStatus
from wohnbuendnis.reports.queries import published_reports


@no_store
@object_permission_required("api.manage_tokens", Alliance)
def tokens(request, alliance: Alliance):
    form = TokenForm(request.POST or None, alliance=alliance)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = create_once(
                request, form,
                lambda: services.issue_token(alliance, request.user, **form.cleaned_data),
                lambda _pair: reverse("api:tokens", args=[alliance.slug]),
            )  # fmt: skip
        except AlreadySubmitted as sent:
            return sent.response(request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            issued = {"token": token, "raw": raw}
            form = TokenForm(alliance=alliance)
    rows = ApiToken.objects.filter(alliance=alliance).select_related("organisation")
    calls = ApiCall.objects.filter(token__alliance=alliance).select_related("token__organisation")[
        :50
    ]
    return render(
        request,
        "api/tokens.html",
        {"alliance": alliance, "form": form, "tokens": rows, "calls": calls, "issued": issued},
    )


@require_POST
@object_permission_required("api.manage_tokens", Alliance)
def revoke(request, alliance: Alliance, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, alliance=alliance)
    run_service(
        request,
        lambda: services.revoke_token(token, request.user),
        _("Der Schlüssel „%(name)s“ ist widerrufen.") % {"name": token.name},
    )
    return redirect("api:tokens", alliance.slug)


# -- OParl 1.1 (api/oparl.py): public, read-only, JSON -------------------------------------------


def _oparl(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # OParl clients run in browsers too
    return response


def _urls(request) -> oparl.Urls:
    return oparl.Urls(request.build_absolute_uri)


def _oparl_list(request, items: list, object_of) -> JsonResponse:
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    url = request.build_absolute_uri(request.path)
    rows, meta = oparl.page(items, number, url)
    return _oparl({"data": [object_of(row) for row in rows], **meta})


@require_GET
def oparl_system(request):
    return _oparl(oparl.system(_urls(request), "wohnbuendnis", request.build_absolute_uri("/")))


@require_GET
def oparl_bodies(request):
    urls = _urls(request)
    alliances = list(Alliance.objects.select_related("area").order_by("name"))
    return _oparl_list(request, alliances, lambda a: oparl.body(a, urls))


@require_GET
def oparl_body(request, slug: str):
    alliance = get_object_or_404(Alliance.objects.select_related("area"), slug=slug)
    return _oparl(oparl.body(alliance, _urls(request)))


@require_GET
def oparl_body_list(request, slug: str, name: str):
    alliance = get_object_or_404(Alliance, slug=slug)
    if name not in oparl.BODY_LISTS:
        raise Http404
    urls = _urls(request)
    if name == "meeting":
        return _oparl_meetings(request, list(oparl.meetings_of(alliance)))
    if name == "agendaItem":
        items = list(oparl.public_agenda_items(alliance))
        documents = oparl.public_documents([i.meeting for i in items])
        return _oparl_list(
            request, items, lambda i: oparl.agenda_item(i, urls, documents.get(i.pk, []))
        )
    return _oparl_list(request, *_body_list(alliance, name, urls))


def _body_list(alliance: Alliance, name: str, urls: oparl.Urls) -> tuple[list, Callable]:
    """The rows of one of a body's simple lists and how each becomes an OParl object."""
    if name == "organization":
        return oparl.organizations_of(alliance), lambda o: oparl.organization(o, urls)
    if name == "paper":
        reports = list(published_reports(alliance).select_related("alliance"))
        return reports, lambda r: oparl.paper(r, urls)
    if name == "file":
        return oparl.files_of(alliance, urls), lambda f: f
    if name == "locationList":
        meetings = [m for m in oparl.meetings_of(alliance) if m.place]
        return meetings, lambda m: oparl.location(m, urls)
    return [], lambda p: p  # oparl.EMPTY_LISTS


def _oparl_meetings(request, meetings: list) -> JsonResponse:
    urls = _urls(request)
    documents = oparl.public_documents(meetings)
    return _oparl_list(request, meetings, lambda m: oparl.meeting(m, urls, documents))


@require_GET
def oparl_organization(request, kind: str, pk: int):
    if kind == "gremium":
        found = get_object_or_404(Body.objects.select_related("alliance"), pk=pk)
    elif kind == "partner":
        found = get_object_or_404(
            MemberOrganisation.objects.select_related("organisation", "alliance"), pk=pk
        )
    else:
        raise Http404
    return _oparl(oparl.organization(found, _urls(request)))


@require_GET
def oparl_organization_meetings(request, pk: int):
    group = get_object_or_404(Body, pk=pk)
    meetings = [m for m in oparl.meetings_of(group.alliance) if m.body_id == group.pk]
    return _oparl_meetings(request, meetings)


def _public_meeting(pk: int) -> Meeting:
    return get_object_or_404(oparl.meetings_of_all(), pk=pk)


@require_GET
def oparl_meeting(request, pk: int):
    found = _public_meeting(pk)
    return _oparl(oparl.meeting(found, _urls(request), oparl.public_documents([found])))


@require_GET
def oparl_location(request, pk: int):
    found = _public_meeting(pk)
    if not found.place:
        raise Http404
    return _oparl(oparl.location(found, _urls(request)))


@require_GET
def oparl_agenda_item(request, pk: int):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk, public=True)
    documents = oparl.public_documents([_public_meeting(item.meeting_id)])
    return _oparl(oparl.agenda_item(item, _urls(request), documents.get(item.pk, [])))


@require_GET
def oparl_paper(request, pk: int):
    report = get_object_or_404(oparl.public_reports(), pk=pk)
    return _oparl(oparl.paper(report, _urls(request)))


@require_GET
def oparl_file(request, kind: str, pk: int):
    urls = _urls(request)
    if kind == "unterlage":
        document = get_object_or_404(AgendaDocument.objects.select_related("agenda_item"), pk=pk)
        meeting = _public_meeting(document.agenda_item.meeting_id)
        published = oparl.public_documents([meeting]).get(document.agenda_item_id, [])
        if document not in published:
            raise Http404
        return _oparl(oparl.document_file(document, urls))
    if kind == "protokoll":
        minutes = get_object_or_404(
            Minutes.objects.select_related("meeting"), pk=pk, status=MinutesStatus.PUBLISHED
        )
        return _oparl(oparl.summary_file(minutes, urls))
    if kind == "bericht":
        return _oparl(oparl.report_file(get_object_or_404(oparl.public_reports(), pk=pk), urls))
    raise Http404
