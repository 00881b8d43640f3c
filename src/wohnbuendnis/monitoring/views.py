"""Monitoring pages: barometer dashboards, indicator pages, maps, the small-area index,
imports with preview, corrections, thresholds, downloads and the public barometer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.forms import (
    ComparisonForm,
    CorrectionForm,
    IndexSettingsForm,
    IndicatorForm,
    MapForm,
    ThresholdForm,
    UploadForm,
    YearForm,
)
from wohnbuendnis.monitoring.models import (
    ImportBatch,
    Indicator,
    Observation,
    Threshold,
    Topic,
)
from wohnbuendnis.monitoring.queries import (
    index_settings,
    pages,
    regional,
    within_alliance,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _area(alliance: Alliance, area_id: int | None) -> Area:
    if area_id is None:
        return alliance.area
    area = get_object_or_404(Area.objects.select_related("parent"), pk=area_id)
    if not within_alliance(alliance, area):
        raise Http404
    return area


def _may(request, perm: str, alliance: Alliance) -> bool:
    return request.user.has_perm(perm, alliance)


@object_permission_required("monitoring.view_dashboard", Alliance)
def dashboard(request, alliance: Alliance, area_id: int | None = None):
    context = pages.dashboard(alliance, _area(alliance, area_id))
    context.update(alliance=alliance, may_import=_may(request, "monitoring.import_data", alliance))
    return render(request, "monitoring/dashboard.html", context)


def public_barometer(request, slug: str):
    """The alliance's public barometer: only indicators marked public, the alliance's area."""
    alliance = get_object_or_404(Alliance.objects.select_related("area__parent"), slug=slug)
    context = pages.dashboard(alliance, alliance.area, public=True)
    return render(request, "monitoring/public_barometer.html", {**context, "alliance": alliance})


@object_permission_required("monitoring.view_dashboard", Alliance)
def catalogue(request, alliance: Alliance):
    indicators = Indicator.objects.for_alliance(alliance)
    groups = [(label, indicators.filter(topic=topic)) for topic, label in Topic.choices]
    return render(request, "monitoring/catalogue.html", {"alliance": alliance, "groups": groups})


@object_permission_required("monitoring.view_dashboard", Alliance)
def indicator_detail(request, alliance: Alliance, key: str, area_id: int | None = None):
    indicator = get_object_or_404(Indicator.objects.for_alliance(alliance), key=key)
    area = _area(alliance, area_id)
    observations = Observation.objects.filter(indicator=indicator, area=area).order_by("-year")
    context = {
        "alliance": alliance,
        "indicator": indicator,
        "area": area,
        "chart": pages.indicator_chart(indicator, area),
        "observations": observations.select_related("batch", "recorded_by"),
        "threshold": Threshold.objects.filter(alliance=alliance, indicator=indicator).first(),
        "may_edit": _may(request, "monitoring.edit_catalogue", alliance),
    }
    return render(request, "monitoring/indicator.html", context)


@object_permission_required("monitoring.edit_catalogue", Alliance)
def indicator_edit(request, alliance: Alliance, key: str):
    indicator = get_object_or_404(Indicator.objects.for_alliance(alliance), key=key)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        services.update_indicator(indicator, form.cleaned_data, request.user)
        messages.success(request, _("Der Indikator wurde gespeichert."))
        return redirect("monitoring:indicator", alliance.slug, key)
    context = {"alliance": alliance, "indicator": indicator, "form": form}
    return render(request, "monitoring/indicator_edit.html", context)


@object_permission_required("monitoring.set_threshold", Alliance)
def threshold_edit(request, alliance: Alliance, key: str):
    indicator = get_object_or_404(Indicator, key=key)
    current = Threshold.objects.filter(alliance=alliance, indicator=indicator).first()
    initial = {"green": current.green, "red": current.red, "note": current.note} if current else {}
    form = ThresholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_threshold(
                alliance, indicator, data["green"], data["red"], request.user, data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Schwellenwerte wurden gespeichert."))
            return redirect("monitoring:indicator", alliance.slug, key)
    context = {"alliance": alliance, "indicator": indicator, "form": form}
    return render(request, "monitoring/threshold_edit.html", context)


@object_permission_required("monitoring.correct_observation", Alliance)
def observation_correct(request, alliance: Alliance, pk: int):
    observation = get_object_or_404(Observation.objects.select_related("indicator", "area"), pk=pk)
    if not within_alliance(alliance, observation.area):
        raise Http404
    form = CorrectionForm(request.POST or None, initial={"value": observation.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_observation(observation, data["value"], data["reason"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Wert wurde korrigiert."))
            return redirect("monitoring:correct", alliance.slug, pk)
    revisions = observation.revisions.select_related("changed_by", "batch")
    context = {"alliance": alliance, "observation": observation, "form": form}
    return render(request, "monitoring/correct.html", {**context, "revisions": revisions})


def _map_choice(
    request, alliance: Alliance, areas: list[Area]
) -> tuple[MapForm, Indicator, int | None]:
    indicators = list(Indicator.objects.for_alliance(alliance))
    key = request.GET.get("indikator") or "population"
    indicator = next((i for i in indicators if i.key == key), indicators[0])
    years = pages.years_of(indicator, areas)
    data = {
        "indikator": indicator.key,
        "jahr": request.GET.get("jahr") or (years[0] if years else ""),
    }
    form = MapForm(data, indicators=indicators, years=years)
    year = form.cleaned_data["jahr"] if form.is_valid() else (years[0] if years else None)
    return form, indicator, year


def _map_areas(request, alliance: Alliance) -> list[Area]:
    """The areas of the map: the alliance's sub-areas, or with ``ebene=gemeinden`` its
    municipalities (a Land's alliance by municipality instead of by Kreis)."""
    if request.GET.get("ebene") == "gemeinden":
        return regional.municipalities(alliance)
    return list(alliance.area.children.order_by("key"))


@object_permission_required("monitoring.view_dashboard", Alliance)
def map_view(request, alliance: Alliance):
    areas = _map_areas(request, alliance)
    form, indicator, year = _map_choice(request, alliance, areas)
    context = {"alliance": alliance, "form": form, "indicator": indicator, "year": year}
    context["level"] = "gemeinden" if request.GET.get("ebene") == "gemeinden" else ""
    if year is not None:
        context.update(pages.choropleth(indicator, year, areas))
    return render(request, "monitoring/map.html", context)


@object_permission_required("monitoring.view_dashboard", Alliance)
def map_data(request, alliance: Alliance):
    areas = _map_areas(request, alliance)
    _form, indicator, year = _map_choice(request, alliance, areas)
    if year is None:
        return JsonResponse(pages.charts.feature_collection(areas, {}, {}))
    return JsonResponse(pages.map_geojson(indicator, year, areas))


@object_permission_required("monitoring.view_dashboard", Alliance)
def comparison(request, alliance: Alliance):
    """The municipalities of a regional or state alliance side by side (issue 15, item 3)."""
    areas = regional.municipalities(alliance)
    indicators = list(Indicator.objects.for_alliance(alliance))
    key = request.GET.get("indikator") or "population"
    indicator = next((i for i in indicators if i.key == key), indicators[0])
    years = pages.years_of(indicator, areas)
    data = request.GET.copy()
    data.setdefault("indikator", indicator.key)
    data.setdefault("jahr", str(years[0]) if years else "")
    form = ComparisonForm(data, indicators=indicators, years=years, areas=areas)
    valid = form.is_valid()
    year = form.cleaned_data["jahr"] if valid else (years[0] if years else None)
    per_1000 = valid and form.cleaned_data["je_1000"] and regional.per_1000_applies(indicator)
    context = {"alliance": alliance, "form": form, "indicator": indicator, "year": year,
               "per_1000": per_1000, "municipality_count": len(areas),
               "countable": regional.per_1000_applies(indicator)}  # fmt: skip
    if year is not None and len(areas) > 1:
        descending = not valid or form.cleaned_data["reihenfolge"] != "auf"
        ranked = regional.places(alliance, indicator, year, per_1000=per_1000,
                                 descending=descending)  # fmt: skip
        chosen_ids = (form.cleaned_data["gemeinden"] if valid else []) or [
            p.area.pk for p in ranked[:3]
        ]
        chosen = [a for a in areas if a.pk in chosen_ids]
        lines = regional.municipal_series(chosen, indicator, per_1000=per_1000)
        unit = _("je 1.000 Einwohner") if per_1000 else indicator.unit
        years_shown = sorted({y for _name, line in lines for y in line})
        context.update(
            places=ranked,
            chart_spec=pages.charts.time_series(indicator.name, unit, lines),
            chart_rows=[(y, [line.get(y) for _n, line in lines]) for y in years_shown],
            chart_names=[name for name, _line in lines],
            unit=unit,
            decimals=1 if per_1000 else indicator.decimals,
            rollups=[r for r in regional.roll_up(alliance, [indicator.key]) if r.year == year],
        )
        place_id = form.cleaned_data.get("gemeinde") if valid else None
        place = next((p for p in ranked if p.area.pk == place_id), None)
        if place is not None:
            context["place"] = place
            context["benchmarks"] = regional.benchmarks(
                alliance, place, ranked, indicator, year, per_1000=per_1000
            )
    return render(request, "monitoring/comparison.html", context)


def _index_choice(request, areas: list[Area], settings) -> tuple[YearForm, int | None]:
    years = pages.index_years(areas, settings)
    form = YearForm({"jahr": request.GET.get("jahr") or (years[0] if years else "")}, years=years)
    return form, form.cleaned_data["jahr"] if form.is_valid() else (years[0] if years else None)


@object_permission_required("monitoring.view_dashboard", Alliance)
def index_view(request, alliance: Alliance):
    areas = list(alliance.area.children.order_by("key"))
    settings = index_settings(alliance)
    form, year = _index_choice(request, areas, settings)
    context = {"alliance": alliance, "form": form, "year": year, "labels": pages.STATUS_LABELS}
    context.update(
        settings=settings,
        settings_indicators=Indicator.objects.filter(key__in=settings.indicators),
        may_edit=_may(request, "monitoring.set_index_settings", alliance),
    )
    if year is not None:
        context.update(pages.small_area_index(areas, year, settings))
    return render(request, "monitoring/index.html", context)


@object_permission_required("monitoring.set_index_settings", Alliance)
def index_settings_edit(request, alliance: Alliance):
    current = index_settings(alliance)
    initial = {
        "indicators": current.indicators,
        "dynamics_lag": current.dynamics_lag,
        "min_population": current.min_population,
    }
    form = IndexSettingsForm(request.POST or None, initial=initial, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_index_settings(
                alliance,
                data["indicators"],
                data["dynamics_lag"],
                data["min_population"],
                request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Einstellungen des Sozialmonitorings gelten jetzt."))
            return redirect("monitoring:index", alliance.slug)
    context = {"alliance": alliance, "form": form, "current": current}
    return render(request, "monitoring/index_settings.html", context)


@object_permission_required("monitoring.view_dashboard", Alliance)
def index_map_data(request, alliance: Alliance):
    areas = list(alliance.area.children.order_by("key"))
    settings = index_settings(alliance)
    _form, year = _index_choice(request, areas, settings)
    if year is None:
        return JsonResponse(pages.charts.feature_collection(areas, {}, {}))
    return JsonResponse(pages.index_geojson(areas, year, settings))


@object_permission_required("monitoring.import_data", Alliance)
def import_upload(request, alliance: Alliance):
    form = UploadForm(request.POST or None, request.FILES or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            sha, _name = services.store_upload(form.cleaned_data["file"], kind)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            url = reverse("monitoring:import_preview", args=[alliance.slug, kind, sha])
            return redirect(f"{url}?{urlencode(form.options())}")
    batches = ImportBatch.objects.filter(alliance=alliance).select_related(
        "imported_by", "undone_by"
    )[:20]
    context = {"alliance": alliance, "form": form, "batches": batches}
    return render(request, "monitoring/import_upload.html", context)


@object_permission_required("monitoring.import_data", Alliance)
def import_preview(request, alliance: Alliance, kind: str, sha: str):
    try:
        path = services.stored_upload(sha)
    except FileNotFoundError:
        raise Http404 from None
    options = {k: v for k, v in request.GET.items() if k in UploadForm.OPTIONS}
    if request.method == "POST":
        try:
            batch = services.commit_upload(alliance, sha, kind, request.user, options)
        except FileNotFoundError:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _import_message(batch))
            return redirect("monitoring:import", alliance.slug)
    preview = services.preview_import(alliance, path, kind, request.user, options)
    sample = preview.frame.head(20)
    context = {"alliance": alliance, "preview": preview, "columns": sample.columns}
    context["rows"] = sample.rows()
    return render(request, "monitoring/import_preview.html", context)


@object_permission_required("monitoring.import_data", Alliance)
def import_template(request, alliance: Alliance, fmt: str):
    """The observations file to start from: German headers, the alliance's area keys and
    names (CSV as Excel saves it, or XLSX with the indicators' keys on a second sheet)."""
    from django.utils import timezone

    from wohnbuendnis.monitoring.queries import templates

    year = timezone.now().year - 1
    if fmt == "csv":
        data, content_type = templates.observations_template_csv(alliance, year), "text/csv"
    elif fmt == "xlsx":
        data, content_type = templates.observations_template_xlsx(alliance, year), XLSX
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    name = f"{alliance.slug}-vorlage-beobachtungen.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@object_permission_required("monitoring.import_data", Alliance)
def import_undo(request, alliance: Alliance, pk: int):
    """Take a committed import back (``services.undo_import``); Koordination and Fachamt, as
    for importing."""
    batch = get_object_or_404(ImportBatch, pk=pk, alliance=alliance)
    try:
        services.undo_import(batch, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Der Import %(file)s wurde rückgängig gemacht.") % {"file": batch.file_name},
        )
    return redirect("monitoring:import", alliance.slug)


def _import_message(batch: ImportBatch | None) -> str:
    if batch is None:
        return _("Die Datei enthält nichts Neues; es wurde nichts geändert.")
    return _("Importiert: %(c)d neue und %(u)d geänderte Werte.") % {
        "c": batch.created,
        "u": batch.updated,
    }


@object_permission_required("monitoring.download", Alliance)
def download(request, alliance: Alliance, fmt: str):
    """The values for Excel (CSV as German Excel reads it, or XLSX; German columns, area
    names, rounded to each indicator's decimals, importable again as they are), or the
    exchange format ``observations.csv`` of the spec for programs."""
    from wohnbuendnis.monitoring.queries import downloads

    key = request.GET.get("indikator") or None
    name = f"{alliance.slug}-{key or 'beobachtungen'}"
    if fmt == "csv":
        data, content_type = downloads.excel_csv(alliance, key), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data, content_type = downloads.excel_xlsx(alliance, key), XLSX
    elif fmt == "observations":
        data, content_type = downloads.observations_csv(alliance, key), "text/csv; charset=utf-8"
        name, fmt = f"{name}-observations", "csv"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
