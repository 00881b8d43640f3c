"""The priority list, the non-discrimination audit and the allocation settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import charts, engine, queries, services
from wohnbuendnis.allocation.forms import (
    CRITERION_LABELS,
    SchemeForm,
    SettingsForm,
)
from wohnbuendnis.allocation.models import (
    PriorityScheme,
)
from wohnbuendnis.allocation.services import previews
from wohnbuendnis.allocation.views.shared import _page
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("allocation.view_priority_scheme", Alliance)
def scheme_list(request, alliance: Alliance):
    can_edit = request.user.has_perm("allocation.edit_priority_scheme", alliance)
    current = engine.current_scheme(alliance)
    if request.method == "POST" and not can_edit:
        return HttpResponse(status=403)
    form = SchemeForm(request.POST or None, initial={"toml": current.toml if current else ""})
    if request.method == "POST" and form.is_valid():
        fields = {
            k: form.cleaned_data[k] for k in ("decided_on", "decided_by", "resolution", "toml")
        }
        try:
            version = create_once(
                request, form,
                lambda: services.create_scheme_version(alliance, request.user, **fields),
                lambda _version: reverse("allocation:scheme", args=[alliance.slug]),
            )  # fmt: skip
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error("toml", error)
        else:
            messages.success(request, _("Version %(v)d ist gespeichert.") % {"v": version.version})
            return redirect("allocation:scheme", alliance.slug)
    versions = list(PriorityScheme.objects.filter(alliance=alliance).select_related("created_by"))
    for version in versions:  # the criteria by their German names (the TOML keeps its keys)
        criteria = engine.parse(version.toml).criteria
        version.criteria = [
            (CRITERION_LABELS.get(key, key), points) for key, points in criteria.items()
        ]
    from wohnbuendnis.allocation.views.priority_list import draft_list

    return _page(
        request, "allocation/scheme_list.html", alliance, "scheme", versions=versions,
        form=form if can_edit else None, drafts=draft_list(alliance),
        can_draft=request.user.has_perm("allocation.draft_priority_scheme", alliance),
    )  # fmt: skip


@object_permission_required("allocation.view_audit", Alliance)
def audit_page(request, alliance: Alliance):
    # ?jahr=2025: the figures of one year (as the yearly statistics report shows them)
    choices = queries.statistics_years(alliance)
    year = request.GET.get("jahr", "")
    year = int(year) if year.isdigit() and int(year) in choices else None
    tables = queries.acceptance_tables(alliance, year)
    dimensions, compared = [], []
    for key, dimension_tables in tables.items():
        label = queries.dimension_label(key)
        rows = charts.audit_rows(dimension_tables[0].cells)  # all landlords together
        spec = charts.audit_chart(rows, _("Annahmequote nach %(label)s") % {"label": label})
        dimensions.append((label, dimension_tables, rows, spec if rows else None))
        # each group of each landlord against all other nominees of the landlord
        pairs = charts.comparison_rows(dimension_tables)
        title = _("%(label)s: Quote im Verhältnis zu allen anderen Benannten je Vermieter")
        other = charts.comparison_chart(pairs, title % {"label": label}) if pairs else None
        compared.append((*dimensions[-1], other))
    return _page(
        request, "allocation/audit.html", alliance, "audit",
        tables=dimensions, dimensions=compared, significance=queries.SIGNIFICANCE,
        lease=queries.time_to_lease(alliance, year),
        reasons=queries.declines_by_reason(alliance, year),
        late_coverage=queries.flats_lost_to_late_cost_coverage(alliance, year),
        years=[r for r in queries.yearly_closings(alliance) if year in (None, r["year"])],
        min_count=queries.MIN_COUNT, year=year, year_choices=choices,
        deviations=previews.deviations(alliance, year),
    )  # fmt: skip


@object_permission_required("allocation.edit_settings", Alliance)
def settings_page(request, alliance: Alliance):
    current = services.settings_of(alliance)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_allocation_settings(alliance, request.user, **form.cleaned_data)
        except ValidationError as error:
            form = SettingsForm(request.POST, instance=services.settings_of(alliance))
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Einstellungen sind gespeichert."))
            return redirect("allocation:settings", alliance.slug)
    return _page(
        request, "allocation/settings.html", alliance, "settings", form=form,
        history=current.history.select_related("by")[:50],
    )  # fmt: skip
