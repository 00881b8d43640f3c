"""Cost coverage by the job centre or the social welfare office: list, request, exception,
decision."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import personal_data, services
from wohnbuendnis.allocation.forms import (
    CostCoverageDecisionForm,
    CostCoverageRequestForm,
)
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    Household,
    Vacancy,
)
from wohnbuendnis.allocation.views.shared import _page, by_uuid
from wohnbuendnis.lib.views import object_permission_required, run_service


@object_permission_required("allocation.view_cost_coverage", Alliance)
def cost_coverage_list(request, alliance: Alliance):
    cases = personal_data.cost_coverage_for(request.user, alliance)
    return _page(request, "allocation/cost_coverage_list.html", alliance, "costs", cases=cases)


@require_POST
@by_uuid("allocation.request_cost_coverage", Household)
def cost_coverage_request(request, household: Household):
    form = CostCoverageRequestForm(request.POST)
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        run_service(
            request,
            lambda: services.request_cost_coverage(household, request.user, agency),
            _("Die Kostenübernahme ist als beantragt erfasst."),
        )
    return redirect("allocation:household", household.public_id)


@require_POST
@by_uuid("allocation.request_cost_coverage", Household)
def cost_coverage_exception(request, household: Household, vacancy: str):
    vacancy = get_object_or_404(Vacancy, public_id=vacancy, flat__alliance=household.alliance)
    run_service(
        request,
        lambda: services.request_cost_coverage_exception(household, vacancy, request.user),
        _("Die Kostenübernahme-Ausnahme für diese Wohnung ist beantragt."),
    )
    return redirect("allocation:household", household.public_id)


@require_POST
@by_uuid("allocation.decide_cost_coverage", CostCoverageCase)
def cost_coverage_decide(request, case: CostCoverageCase):
    form = CostCoverageDecisionForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.decide_cost_coverage(case, request.user, **form.cleaned_data),
            _("Die Entscheidung ist erfasst."),
        )
    return redirect("allocation:cost_coverage", case.household.alliance.slug)
