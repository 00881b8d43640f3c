"""Data protection pages: the access log (housing office, data-protection officer) and the
Art. 15 information as a German letter (PDF)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import translation

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import access_log, letters, subject_access
from wohnbuendnis.allocation.forms_offices import AccessLogFilterForm
from wohnbuendnis.allocation.models import Household
from wohnbuendnis.allocation.views.shared import _page, by_uuid
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("allocation.view_access_log", Alliance)
def access_log_page(request, alliance: Alliance):
    """Filters by POST (a file number or a name is personal data: never in the address)."""
    form = AccessLogFilterForm(request.POST or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "file": data["akte"], "person": data["person"], "since": data["von"],
            "until": data["bis"], "purpose": data["zweck"],
        }  # fmt: skip
    count, rows = 0, []
    if not (form.is_bound and form.errors):
        count, rows = access_log.access_log(request.user, alliance, **filters)
    return _page(
        request, "allocation/access_log.html", alliance, "access_log", form=form,
        count=count, rows=rows, shown=access_log.SHOWN,
    )  # fmt: skip


@by_uuid("allocation.export_applicant", Household)
def household_letter(request, household: Household):
    """The Art. 15 information as a German letter (PDF/UA-1), whatever the page language."""
    with translation.override("de"):
        info = subject_access.information(request.user, household)
        pdf = letters.art15_pdf(info)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"auskunft-{household.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
