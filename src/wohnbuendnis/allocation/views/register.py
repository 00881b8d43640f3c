"""The applicant register: list, registration, a household's page, verification, status,
the Art. 15 export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine, letters, personal_data, services, subject_access
from wohnbuendnis.allocation.forms import (
    CRITERION_LABELS,
    CostCoverageRequestForm,
    HouseholdForm,
    RegisterFilterForm,
    StatusForm,
    VerifyForm,
)
from wohnbuendnis.allocation.models import (
    CostCoverageStatus,
    Household,
    HouseholdStatus,
    Vacancy,
)
from wohnbuendnis.allocation.views.shared import _criteria, _organisation, _page, by_uuid
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service

SEARCH_KEY = "allocation-register-search-%s"  # session key of the search text, per alliance


@object_permission_required("allocation.view_register", Alliance)
def household_list(request, alliance: Alliance):
    key = SEARCH_KEY % alliance.pk
    if request.method == "POST":  # the search text goes to the session, never to the address
        form = RegisterFilterForm(request.POST)
        if "zuruecksetzen" in request.POST:
            request.session.pop(key, None)
            return redirect("allocation:households", alliance.slug)
        if form.is_valid():
            request.session[key] = form.cleaned_data["suche"]
            query = form.address_query()
            url = reverse("allocation:households", args=[alliance.slug])
            return redirect(f"{url}?{query}" if query else url)
    else:
        data = {name: request.GET.get(name, "") for name in ("status", "personen", "punkte_ab")}
        form = RegisterFilterForm({**data, "suche": request.session.get(key, "")})
    filters = form.filters() if form.is_valid() else {}
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = personal_data.household_page(
        request.user, alliance, status, request.GET.get("seite"), **filters
    )
    return _page(
        request, "allocation/household_list.html", alliance, "households", page=page,
        statuses=HouseholdStatus.choices, status=status, reminder_days=services.REMINDER_DAYS,
        expiring_count=personal_data.count_expiring_entitlements(request.user, alliance),
        can_register=request.user.has_perm("allocation.register_household", alliance),
        can_import=request.user.has_perm("allocation.import_register", alliance),
        filter_form=form, page_query=form.address_query() if form.is_valid() else "",
        searching=bool(filters.get("search")),
    )  # fmt: skip


@object_permission_required("allocation.view_register", Alliance)
def expiring_list(request, alliance: Alliance):
    """The entitlements (WBS) of the user's households that expire in the next 60 days, with
    the reminders sent: a page of its own, so the register's every visit does not read and log
    them (one access-log row per household listed here)."""
    return _page(
        request, "allocation/expiring_list.html", alliance, "households",
        expiring=personal_data.expiring_entitlements_for(request.user, alliance),
        reminder_days=services.REMINDER_DAYS,
    )  # fmt: skip


@object_permission_required("allocation.register_household", Alliance)
def household_register(request, alliance: Alliance):
    is_office = request.user.has_perm("allocation.verify_household", alliance)
    agency = None if is_office else _organisation(request, alliance, Role.SOCIAL_AGENCY)
    form = HouseholdForm(
        request.POST or None, criteria=_criteria(alliance), consent_required=agency is not None
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in HouseholdForm.Meta.fields}
        claimed = dict.fromkeys(form.cleaned_data["criteria"], form.cleaned_data["evidence"])
        consent = form.consent_text()
        try:
            household = create_once(
                request, form,
                lambda: services.register_household(
                    alliance, request.user, data, criteria=claimed, agency=agency,
                    consent_text=consent,
                ),
                lambda h: reverse("allocation:household", args=[h.public_id]),
            )  # fmt: skip
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Haushalt ist registriert."))
            return redirect("allocation:household", household.public_id)
    return _page(request, "allocation/household_form.html", alliance, "households", form=form)


@by_uuid("allocation.view_applicant", Household)
def household_detail(request, household: Household):
    return _detail(request, household)


def _detail(request, household: Household, verify: VerifyForm | None = None):
    """The file of a household; ``verify`` is a refused check form, shown with what was typed."""
    household = personal_data.view_household(
        request.user, household, gettext_lazy("Akte eines wohnungssuchenden Haushalts")
    )
    criteria = list(household.criteria.all())
    for criterion in criteria:  # the German name of the criterion, not its key
        criterion.label = CRITERION_LABELS.get(criterion.criterion, criterion.criterion)
    can_verify = request.user.has_perm("allocation.verify_household", household)
    verify = verify or VerifyForm(
        criteria=_criteria(household.alliance),
        initial={"confirmed": [c.criterion for c in criteria if c.confirmed]},
    )
    return _page(
        request, "allocation/household_detail.html", household.alliance, "households",
        household=household, criteria=criteria,
        history=household.history.select_related("by"), verify=verify if can_verify else None,
        status_form=StatusForm() if can_verify else None,
        cost_form=CostCoverageRequestForm(), cases=household.cost_coverage_cases.all(),
        exceptions=_exceptions(household),
        can_withdraw_consent=household.agency_id is not None and household.consent_at is not None
        and request.user.has_perm("allocation.withdraw_consent", household),
    )  # fmt: skip


def _exceptions(household: Household) -> list[tuple[Vacancy, bool]]:
    """Open flats above the approved cap, each with whether the exception is requested."""
    requested = set(
        household.cost_coverage_cases.filter(status=CostCoverageStatus.REQUESTED).values_list(
            "vacancy", flat=True
        )
    )
    return [
        (v, v.pk in requested) for v in engine.exception_vacancies(household, timezone.localdate())
    ]


@require_POST
@by_uuid("allocation.verify_household", Household)
def household_verify(request, household: Household):
    form = VerifyForm(request.POST, criteria=_criteria(household.alliance))
    if not form.is_valid():
        return _detail(request, household, verify=form)
    confirmed = form.cleaned_data["confirmed"]
    evidence = dict.fromkeys(confirmed, form.cleaned_data["evidence"])
    run_service(
        request,
        lambda: services.verify_household(household, request.user, confirmed, evidence),
        _("Die Angaben sind geprüft; die Punkte sind neu berechnet."),
    )
    return redirect("allocation:household", household.public_id)


@require_POST
@by_uuid("allocation.set_household_status", Household)
def household_status(request, household: Household):
    form = StatusForm(request.POST)
    if form.is_valid():
        status, note = form.cleaned_data["status"], form.cleaned_data["note"]
        run_service(
            request,
            lambda: services.set_household_status(household, request.user, status, note),
            _("Der Status ist geändert."),
        )
    return redirect("allocation:household", household.public_id)


@require_POST
@by_uuid("allocation.withdraw_consent", Household)
def household_withdraw_consent(request, household: Household):
    """The client withdrew the consent: the case is deregistered, the agency loses access."""
    run_service(
        request,
        lambda: services.withdraw_consent(household, request.user),
        _("Der Widerruf der Einwilligung ist eingetragen; der Haushalt ist abgemeldet."),
    )
    household.refresh_from_db()
    if request.user.has_perm("allocation.view_applicant", household):
        return redirect("allocation:household", household.public_id)
    return redirect("allocation:households", household.alliance.slug)


@by_uuid("allocation.export_applicant", Household)
def household_export(request, household: Household):
    """The Art. 15 information, machine-readable (German keys, local times, no internal id)."""
    with translation.override("de"):  # German keys and values, as the letter
        info = subject_access.information(request.user, household)
    response = HttpResponse(letters.art15_json(info), content_type="application/json")
    name = f"auskunft-{household.reference}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
