"""Vermittlungen nach Stadtteil: placements, vacancies and emergency cases housed per district
and year (a map and a table, aggregates only, small counts suppressed), the segregation index,
and the button that writes the figures to the monitoring."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import queries, services
from wohnbuendnis.allocation.models import district_choices
from wohnbuendnis.allocation.views.shared import _page
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.monitoring import charts


def _year(request, years: list[int]) -> int:
    """?jahr=YYYY among the years with data; else the latest (or this year, without data)."""
    asked = request.GET.get("jahr", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[0] if years else timezone.localdate().year


@object_permission_required("allocation.view_places", Alliance)
def places_page(request, alliance: Alliance):
    figures = queries.place_figures(alliance)
    years = queries.place_years(figures)
    year = _year(request, years)
    districts = list(district_choices(alliance))
    rows = queries.district_rows(alliance, figures, year)
    shown = {
        d.pk: figures[(d.pk, year)].placements
        for d in districts
        if (d.pk, year) in figures and not figures[(d.pk, year)].placements_suppressed
    }
    _colours, legend = charts.class_colours(shown) if shown else ({}, [])
    return _page(
        request, "allocation/places.html", alliance, "places",
        year=year, years=years, rows=rows,
        total=figures.get((None, year), queries.DistrictYear()),
        has_map=any(d.geometry for d in districts), legend=legend,
        segregation=queries.segregation(alliance, year),
        min_count=queries.MIN_COUNT, target_days=queries.EMERGENCY_TARGET_DAYS,
        emergency_labels=[str(label) for label in queries.EMERGENCY_CRITERIA.values()],
        can_publish=request.user.has_perm("allocation.publish_indicators", alliance),
    )  # fmt: skip


@object_permission_required("allocation.view_places", Alliance)
def places_map(request, alliance: Alliance):
    """GeoJSON of the districts coloured by the placements of the year (a suppressed count
    stays grey and its tooltip says "weniger als 5")."""
    figures = queries.place_figures(alliance)
    year = _year(request, queries.place_years(figures))
    districts = list(district_choices(alliance))
    values = {d.pk: figures.get((d.pk, year), queries.DistrictYear()) for d in districts}
    shown = {pk: f.placements for pk, f in values.items() if not f.placements_suppressed}
    colours, _legend = charts.class_colours(shown) if shown else ({}, [])
    labels = {}
    for district in districts:
        figure = values[district.pk]
        count = (
            _("weniger als %(n)d") % {"n": queries.MIN_COUNT}
            if figure.placements_suppressed
            else str(figure.placements)
        )
        labels[district.pk] = _("%(name)s: %(count)s Vermittlungen") % {
            "name": district.name, "count": count,
        }  # fmt: skip
    return JsonResponse(charts.feature_collection(districts, colours, labels))


@require_POST
@object_permission_required("allocation.publish_indicators", Alliance)
def places_publish(request, alliance: Alliance):
    year = request.POST.get("year", "")
    try:
        if not year.isdigit():
            raise ValidationError(_("Bitte geben Sie ein Jahr an."))
        done = services.publish_indicators(alliance, int(year), request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "An das Monitoring übergeben: %(created)d neue, %(updated)d geänderte, "
                "%(unchanged)d unveränderte Werte."
            )
            % {"created": done.created, "updated": done.updated, "unchanged": done.unchanged},
        )
    return redirect(reverse("allocation:places", args=[alliance.slug]) + f"?jahr={year}")
