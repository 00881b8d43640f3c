"""The open-data pages and files: a page per alliance listing its data sets, the files (CSV,
JSON) and the DCAT-AP.de catalogues. No login; only public content (see ``queries``)."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.opendata import catalogue as dcat
from wohnbuendnis.opendata import files, licences
from wohnbuendnis.opendata.queries import DATASETS

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
JSON_LD = "application/ld+json"


def _licence_link(response: HttpResponse, licence: licences.Licence) -> HttpResponse:
    response["Link"] = f'<{licence.text}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"  # portals and scripts read them from anywhere
    return response


def instance(request):
    alliances = Alliance.objects.select_related("area").order_by("name")
    return render(request, "opendata/instance.html", {"alliances": alliances})


def instance_catalogue(request):
    data = dcat.instance_catalogue(request.build_absolute_uri)
    body = json.dumps(data, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type=JSON_LD)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@object_permission_required("opendata.view_open_data", Alliance)
def index(request, alliance: Alliance):
    tables = dcat.tables(alliance, request.build_absolute_uri)
    rows = [
        {"dataset": DATASETS[key], "table": table, "stand": files.stand(table)}
        for key, table in tables.items()
    ]
    context = {"alliance": alliance, "rows": rows, "licence": licences.of(alliance)}
    return render(request, "opendata/index.html", context)


@object_permission_required("opendata.view_open_data", Alliance)
def catalogue(request, alliance: Alliance):
    data = dcat.alliance_catalogue(alliance, request.build_absolute_uri)
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return _licence_link(HttpResponse(body, content_type=JSON_LD), licences.of(alliance))


@object_permission_required("opendata.view_open_data", Alliance)
def download(request, alliance: Alliance, key: str, fmt: str):
    """One data set as CSV (German Excel) or JSON; 404 for an unknown data set and for one
    with nothing public yet (no published forecast, no adopted concept)."""
    dataset = DATASETS.get(key)
    if dataset is None or fmt not in CONTENT_TYPES:
        raise Http404
    table = dataset.build(alliance, request.build_absolute_uri)
    if not table.available:
        raise Http404(_("Dieser Datensatz ist noch nicht veröffentlicht."))
    meta = dcat.meta(alliance, key, fmt, request.build_absolute_uri)
    write = files.csv_bytes if fmt == "csv" else files.json_bytes
    response = HttpResponse(write(dataset, table, meta), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{alliance.slug}-{key}.{fmt}"'
    return _licence_link(response, meta.licence)
