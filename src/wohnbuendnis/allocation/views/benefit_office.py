"""The job centre's and the social welfare office's page of one cost-coverage request: what
is asked, for which flat, by when (their deadline and the landlord's), and their decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wohnbuendnis.allocation import cost_coverage_data, services
from wohnbuendnis.allocation.forms_offices import OfficeDecisionForm
from wohnbuendnis.allocation.models import CostCoverageCase, CostCoverageStatus
from wohnbuendnis.allocation.views.shared import _page, by_uuid


@by_uuid("allocation.view_cost_coverage_case", CostCoverageCase)
def cost_coverage_case(request, case: CostCoverageCase):
    may_decide = request.user.has_perm("allocation.decide_cost_coverage", case)
    open_ = case.status == CostCoverageStatus.REQUESTED
    form = None
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        form = OfficeDecisionForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide_cost_coverage(
                    case, request.user, approved=data["approved"],
                    monthly_cap_eur=data["monthly_cap_eur"] if data["approved"] else None,
                    valid_until=data["valid_until"] if data["approved"] else None,
                    decided_on=data["decided_on"], reason=data["reason"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Die Entscheidung ist erfasst."))
                return redirect("allocation:cost_coverage_case", case.public_id)
    elif may_decide and open_:
        form = OfficeDecisionForm(case=case)
    data = cost_coverage_data.read_case(request.user, case)
    return _page(
        request, "allocation/cost_coverage_case.html", case.household.alliance, "costs",
        form=form if open_ else None, **data,
    )  # fmt: skip
