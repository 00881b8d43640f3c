"""Forecast pages: assumption sets, input upload, runs with progress, results, downloads."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import AreaLevel
from wohnbuendnis.forecast import (
    charts,
    downloads,
    forms,
    maps,
    observed,
    official,
    queries,
    region,
    services,
    target_groups,
    tasks,
)
from wohnbuendnis.forecast.models import AssumptionSet, Component, ForecastRun, RunStatus
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import deny, object_permission_required, run_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run_view(perm: str):
    """Decorator: the alliance's run ``pk``, checked with ``perm`` on the run."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug: str, pk: int, *args, **kwargs):
            run = get_object_or_404(
                ForecastRun.objects.select_related("alliance", "inputs__area"),
                alliance__slug=slug,
                pk=pk,
            )
            if not request.user.has_perm(perm, run):
                return deny(request)
            return view(request, run, *args, **kwargs)

        return wrapper

    return decorator


def _set(alliance: Alliance, pk: int) -> AssumptionSet:
    return get_object_or_404(alliance.assumption_sets.prefetch_related("assumptions"), pk=pk)


@object_permission_required("alliance.view_public_page", Alliance)
def index(request, alliance: Alliance):
    member = request.user.has_perm("forecast.view_results", alliance)
    runs = alliance.forecast_runs.all() if member else queries.published_runs(alliance)
    return render(
        request,
        "forecast/index.html",
        {
            "alliance": alliance,
            "runs": runs,
            "member": member,
            "may_run": request.user.has_perm("forecast.run", alliance),
            "sets": alliance.assumption_sets.all() if member else [],
            "inputs": alliance.forecast_inputs.all() if member else [],
            "official": alliance.official_projections.all(),
            "regional": member and alliance.area.level in (AreaLevel.REGION, AreaLevel.STATE),
        },
    )


@object_permission_required("forecast.view_results", Alliance)
def download_inputs(request, alliance: Alliance, pk: int):
    """The uploaded input folder as it was validated (the data behind the runs, and a
    template for the next upload)."""
    data = get_object_or_404(alliance.forecast_inputs, pk=pk)
    with data.archive.open("rb") as stored:  # small (a few MB): no open file left to a stream
        response = HttpResponse(stored.read(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="eingangsdaten-{data.pk}.zip"'
    return response


@object_permission_required("forecast.run", Alliance)
def set_new(request, alliance: Alliance):
    form = forms.AssumptionSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "submission_token"}
        try:
            aset = create_once(
                request,
                form,
                lambda: services.create_assumption_set(alliance, request.user, **fields),
                lambda aset: reverse("forecast:set", args=[alliance.slug, aset.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("forecast:set", alliance.slug, aset.pk)
    return render(
        request,
        "forecast/form.html",
        {"alliance": alliance, "form": form, "title": _("Neues Annahmen-Set")},
    )


@object_permission_required("forecast.view_results", Alliance)
def set_detail(request, alliance: Alliance, pk: int):
    aset = _set(alliance, pk)
    may_run = request.user.has_perm("forecast.run", alliance)
    comment = forms.CommentForm(request.POST if "text" in request.POST else None)
    assumption = forms.AssumptionForm(request.POST if "component" in request.POST else None)
    try:
        if comment.is_valid():
            create_once(
                request,
                comment,
                lambda: services.comment_assumption_set(
                    aset, request.user, comment.cleaned_data["text"]
                ),
                lambda _comment: request.path + "#kommentare",
            )
            return redirect(request.path + "#kommentare")
        if may_run and assumption.is_valid():
            data = assumption.cleaned_data
            path = services.parse_path(data["path"])
            services.set_assumption(
                aset, data["component"], path, data["source"], data["justification"]
            )
            return redirect(request.path)
        if may_run and "publish" in request.POST:
            services.publish_assumption_set(aset)
            return redirect(request.path)
    except AlreadySubmitted as done:
        return done.response(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    context = {
        "alliance": alliance,
        "set": aset,
        "may_run": may_run,
        "comment_form": comment,
        "assumption_form": assumption,
        "comments": aset.comments.select_related("author"),
    }
    return render(request, "forecast/set_detail.html", context)


COMPARE_MAX = 3


@object_permission_required("forecast.view_results", Alliance)
def set_compare(request, alliance: Alliance):
    """Two or three assumption sets side by side: per component each set's multipliers, source
    and justification (``?set=<pk>&set=<pk>…``; without a choice the first three sets)."""
    sets = list(alliance.assumption_sets.prefetch_related("assumptions"))
    chosen_pks = {int(pk) for pk in request.GET.getlist("set") if pk.isdigit()}
    chosen = [s for s in sets if s.pk in chosen_pks] if chosen_pks else sets[:COMPARE_MAX]
    if len(chosen) > COMPARE_MAX:
        messages.info(
            request,
            _("Es werden höchstens %(n)d Annahmen-Sets verglichen; gezeigt sind die ersten.")
            % {"n": COMPARE_MAX},
        )
        chosen = chosen[:COMPARE_MAX]
    by_set = [{a.component: a for a in s.assumptions.all()} for s in chosen]
    rows = [
        {"label": label, "cells": [assumptions.get(value) for assumptions in by_set]}
        for value, label in Component.choices
    ]
    return render(
        request,
        "forecast/set_compare.html",
        {
            "alliance": alliance,
            "sets": sets,
            "chosen": chosen,
            "chosen_pks": {s.pk for s in chosen},
            "rows": rows,
            "enough": len(chosen) >= 2,
        },
    )


@object_permission_required("forecast.run", Alliance)
def upload(request, alliance: Alliance):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_inputs(
                alliance,
                alliance.area,
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["archive"],
            )
        except ValidationError as error:
            form.add_error("archive", error)
        else:
            messages.success(request, _("Die Eingangsdaten sind geprüft und gespeichert."))
            return redirect("forecast:index", alliance.slug)
    return render(
        request,
        "forecast/form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Eingangsdaten hochladen"),
            "multipart": True,
        },
    )


@object_permission_required("forecast.run", Alliance)
def official_upload(request, alliance: Alliance):
    """Import an official projection: the file and its description, then a preview of every
    year it holds, then the import (all years or none)."""
    if "sha" in request.POST:
        return _official_confirm(request, alliance)
    form = forms.OfficialProjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sha, name, parsed = services.preview_official_projection(data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            fields = {k: data[k] for k in ("title", "source", "comparison")}
            confirm = forms.OfficialProjectionConfirmForm(initial={"sha": sha, **fields})
            rows = list(zip(parsed.years, parsed.population, strict=True))
            context = {"alliance": alliance, "confirm": confirm, "parsed": parsed, "name": name}
            context["rows"] = rows
            return render(request, "forecast/official_preview.html", context | fields)
    return render(
        request,
        "forecast/form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Amtliche Vorausberechnung importieren"),
            "submit": _("Vorschau"),
            "multipart": True,
        },
    )


def _official_confirm(request, alliance: Alliance):
    confirm = forms.OfficialProjectionConfirmForm(request.POST)
    if not confirm.is_valid():
        messages.error(request, _("Die Vorschau ist abgelaufen; bitte die Datei erneut hochladen."))
        return redirect("forecast:official_upload", alliance.slug)
    data = confirm.cleaned_data
    done_url = reverse("forecast:index", args=[alliance.slug]) + "#amtlich"
    try:
        create_once(
            request,
            confirm,
            lambda: services.import_official_projection(
                alliance,
                request.user,
                data["sha"],
                title=data["title"],
                source=data["source"],
                comparison=data["comparison"],
            ),
            lambda _projection: done_url,
        )
    except AlreadySubmitted as done:
        return done.response(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("forecast:official_upload", alliance.slug)
    messages.success(request, _("Die amtliche Vorausberechnung ist gespeichert."))
    return redirect(done_url)


@object_permission_required("forecast.run", Alliance)
def run_new(request, alliance: Alliance):
    form = forms.RunForm(alliance, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = create_once(
                request,
                form,
                lambda: tasks.start_run(
                    data["inputs"],
                    list(data["assumption_sets"]),
                    request.user,
                    title=data["title"],
                    horizon=data["horizon"],
                    draws=data["draws"],
                    seed=data["seed"],
                    completions_source=data["completions_source"],
                    base_source=data["base_source"],
                    housing_led=data["housing_led"],
                ),
                lambda run: reverse("forecast:run", args=[alliance.slug, run.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("forecast:run", alliance.slug, run.pk)
    return render(
        request,
        "forecast/form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": _("Prognose rechnen"),
            "submit": _("Prognose starten"),
        },
    )


#: The parts of ``run.html`` cached under ``queries.fragment_key``: the selection's tables
#: and charts.
TABLE_FRAGMENTS = ("forecast_tables_1", "forecast_tables_2")


def _fragment_cached(fragment: str, key: str) -> bool:
    """Whether the part ``fragment`` of ``run.html`` is in the cache under ``key``."""
    return cache.has_key(make_template_fragment_key(fragment, [key, translation.get_language()]))


def _unless_cached(fragment: str, key: str, build: Callable[[], Any]) -> Any:
    """What a cached part of the run page shows: built here when the part is not in the cache
    (no queries from the template), else only if it expires before the template reads it."""
    if _fragment_cached(fragment, key):
        return SimpleLazyObject(build)
    return build()


@run_view("forecast.view_run")
def run_detail(request, run: ForecastRun):
    context = {
        "alliance": run.alliance,
        "run": run,
        "may_run": request.user.has_perm("forecast.run", run.alliance),
    }
    context["sets_key"], context["sets_seconds"] = queries.sets_fragment(run)
    context["sets"] = _unless_cached(
        "forecast_sets", context["sets_key"], lambda: queries.assumption_sets(run)
    )
    if run.status == RunStatus.DONE:
        sel = queries.select(run, request.GET)
        tables = queries.fragment_key(run, sel)
        if all(_fragment_cached(name, tables) for name in TABLE_FRAGMENTS):
            # the selection's tables and charts are in the cache as HTML: their data (five
            # cache entries, the chart specs the largest) is read only if a part expires
            # before the template reaches it
            page = SimpleLazyObject(lambda: queries.page_context(run, request.GET, sel))
            context |= {name: SimpleLazyObject(partial(operator.getitem, page, name))
                        for name in queries.PAGE_PARTS}  # fmt: skip
            context |= {"sel": sel, "fragment_key": tables} | queries.PAGE_LABELS
        else:
            context |= queries.page_context(run, request.GET, sel)
        context["map_key"] = queries.map_fragment_key(run, sel)
        context["base_key"], context["base_seconds"] = queries.base_fragment(run)
        context["change_map"] = _unless_cached(
            "forecast_map", context["map_key"], lambda: maps.map_context(run, sel)
        )
        checks = _unless_cached(
            "forecast_base", context["base_key"], lambda: observed.base_checks(run)
        )
        context["base_checks"] = checks
        context["base_off"] = SimpleLazyObject(lambda: [c for c in checks if c.off])
        context["map_scripts"] = len(sel.areas) > 1  # districts: the page draws their map
        context["tolerance"] = observed.TOLERANCE
        context["official"] = official.comparison_context(run, context["sel"], request.GET)
    return render(request, "forecast/run.html", context)


@run_view("forecast.view_run")
def target_group_page(request, run: ForecastRun):
    """Bedarf nach Zielgruppen: per year of the run, older people against barrier-free
    dwellings, households below the income limits against the bound stock, one-person
    households against small dwellings (scenario and area as on the result page)."""
    if run.status != RunStatus.DONE:
        return redirect("forecast:run", run.alliance.slug, run.pk)
    sel = queries.select(run, request.GET)
    context = {
        "alliance": run.alliance,
        "run": run,
        "sel": sel,
        "groups": (groups := target_groups.target_group_demand(run, sel)),
        "accessible_rate": 100 * target_groups.tg.ACCESSIBLE_PER_PERSON_65_PLUS,
        "share_percent": 100 * groups.low_income_share,
    }
    return render(request, "forecast/target_groups.html", context)


@run_view("forecast.view_run")
def map_data(request, run: ForecastRun):
    """GeoJSON of the population change per district (selection as on the result page)."""
    if run.status != RunStatus.DONE:
        return HttpResponse(status=404)
    return JsonResponse(maps.geojson(run, queries.select(run, request.GET)))


@run_view("forecast.view_run")
def run_status(request, run: ForecastRun):
    return render(request, "forecast/_status.html", {"alliance": run.alliance, "run": run})


@run_view("forecast.view_run")
def download(request, run: ForecastRun, fmt: str):
    """The tables for Excel (XLSX, or one table as CSV for German Excel), or the result
    archive of the command line for programs (``zip``)."""
    if run.status != RunStatus.DONE:
        return HttpResponse(status=404)
    if fmt == "xlsx":
        body, kind, name = downloads.xlsx_bytes(run), XLSX, "prognose.xlsx"
    elif fmt == "zip":
        body, kind, name = downloads.result_archive(run), "application/zip", "ergebnisse.zip"
    elif fmt == "csv":
        table = request.GET.get("tabelle", "population")
        if table not in downloads.TABLES:
            return HttpResponse(status=404)
        body, kind = downloads.csv_bytes(run, table), "text/csv; charset=utf-8"
        name = f"{table}.csv"
    else:
        return HttpResponse(status=404)
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{run.pk}-{name}"'
    return response


@require_POST
@run_view("forecast.run")
def publish(request, run: ForecastRun):
    published = request.POST.get("published") == "1"
    run_service(request, lambda: services.publish_run(run, request.user, published=published))
    return redirect("forecast:run", run.alliance.slug, run.pk)


# --- the region-wide forecast (issue 15, item 4) -------------------------------------------------


@object_permission_required("forecast.view_results", Alliance)
def region_index(request, alliance: Alliance):
    """The region-wide forecasts of a Kreis or Land alliance, and (Koordination, Fachamt) the
    form that starts one for all its municipalities."""
    may_run = request.user.has_perm("forecast.run", alliance)
    if request.method == "POST" and not may_run:
        return deny(request)
    form = forms.RegionRunForm(
        request.POST or None,
        initial={
            "title": _("Wohnungsbedarf der Gemeinden im Gebiet %(area)s")
            % {"area": alliance.area.name}
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = create_once(
                request,
                form,
                lambda: tasks.start_region_run(
                    alliance, request.user, title=data["title"], horizon=data["horizon"]
                ),
                lambda run: reverse("forecast:region_run", args=[alliance.slug, run.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("forecast:region_run", alliance.slug, run.pk)
    return render(
        request,
        "forecast/region_index.html",
        {
            "alliance": alliance,
            "form": form,
            "may_run": may_run,
            "runs": region.region_runs(alliance),
            "municipalities": len(region.municipalities(alliance.area)),
        },
    )


def _region_selection(request, run: ForecastRun) -> tuple[str, list[str]]:
    names = region.scenarios(run)
    chosen = request.GET.get("szenario")
    return (chosen if chosen in names else (names[0] if names else "")), names


@run_view("forecast.view_run")
def region_run(request, run: ForecastRun):
    """A region-wide run: demand per municipality and period against the planned completions,
    the small flats, a chart and a map by municipality."""
    if not run.inputs.municipalities:
        return redirect("forecast:run", run.alliance.slug, run.pk)
    context = {"alliance": run.alliance, "run": run}
    scenario, names = _region_selection(request, run)
    if run.status == RunStatus.DONE and scenario:
        table = region.demand(run, scenario)
        places = region.places(run, table)
        rows = []
        for p in places:
            for label, value in (
                (_("Neubaubedarf"), p.row.need_total),
                (_("davon kleine Wohnungen"), p.row.small_total),
                (_("geplante Fertigstellungen"), p.row.completions_total),
            ):
                rows.append({"Gemeinde": p.name, "Reihe": label, "Wohnungen": value})
        context |= {
            "scenario": scenario,
            "scenarios": names,
            "table": table,
            "places": places,
            "chart": charts.by_municipality(
                rows,
                _("Neubaubedarf und geplante Fertigstellungen %(first)s–%(last)s")
                % {"first": table.periods[0][0], "last": table.periods[-1][1]},
            ),
            "region_map": maps.region_context(run, places),
        }
    return render(request, "forecast/region_run.html", context)


@run_view("forecast.view_run")
def region_map_data(request, run: ForecastRun):
    """GeoJSON of the need per 1,000 inhabitants per municipality."""
    scenario, _names = _region_selection(request, run)
    if run.status != RunStatus.DONE or not run.inputs.municipalities or not scenario:
        return HttpResponse(status=404)
    places = region.places(run, region.demand(run, scenario))
    return JsonResponse(maps.region_geojson(run, places))
