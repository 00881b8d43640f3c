"""Pages of the cooperative allocation: thin views over services and personal_data.

Households, vacancies, nominations and cost-coverage cases are addressed by opaque uuids; no
personal data appears in a URL.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation import engine, personal_data, queries, services
from wohnbuendnis.allocation.forms import (
    CRITERION_LABELS,
    BatchNominationForm,
    CostCoverageDecisionForm,
    CostCoverageRequestForm,
    DecisionForm,
    HouseholdForm,
    LandlordDecision,
    SchemeForm,
    SettingsForm,
    StatusForm,
    VacancyForm,
    VerifyForm,
)
from wohnbuendnis.allocation.models import (
    CostCoverageCase,
    CostCoverageStatus,
    Household,
    HouseholdStatus,
    Nomination,
    NominationStatus,
    PriorityScheme,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.allocation.rules import organisations_of
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service

NAV = [
    ("households", gettext_lazy("Haushalte"), "allocation:households", "allocation.view_register"),
    ("vacancies", gettext_lazy("Wohnungen"), "allocation:vacancies", "allocation.view_vacancies"),
    ("costs", gettext_lazy("Kostenübernahme"), "allocation:cost_coverage",
     "allocation.view_cost_coverage"),
    ("scheme", gettext_lazy("Prioritätenliste"), "allocation:scheme",
     "allocation.view_priority_scheme"),
    ("audit", gettext_lazy("Diskriminierungs-Audit"), "allocation:audit", "allocation.view_audit"),
    ("settings", gettext_lazy("Einstellungen"), "allocation:settings", "allocation.edit_settings"),
]  # fmt: skip


def by_uuid(perm: str, model):
    return object_permission_required(perm, model, lookup="public_id", url_kwarg="uuid")


def _page(request, template: str, alliance: Alliance, active: str, **context):
    nav = [
        (label, reverse(url, args=[alliance.slug]), key == active)
        for key, label, url, perm in NAV
        if request.user.has_perm(perm, alliance)
    ]
    return render(request, template, {"alliance": alliance, "nav": nav, **context})


def _criteria(alliance: Alliance) -> list[str]:
    version = engine.current_scheme(alliance)
    return list(engine.parse(version.toml).criteria) if version else []


def _organisation(request, alliance: Alliance, role: Role) -> Organisation | None:
    found = sorted(organisations_of(request.user, alliance, role))
    return Organisation.objects.get(pk=found[0]) if found else None


# --- applicant register -------------------------------------------------------------------------


@object_permission_required("allocation.view_register", Alliance)
def household_list(request, alliance: Alliance):
    status = request.GET.get("status", "")
    status = status if status in HouseholdStatus.values else ""
    page = personal_data.household_page(request.user, alliance, status, request.GET.get("seite"))
    return _page(
        request, "allocation/household_list.html", alliance, "households", page=page,
        statuses=HouseholdStatus.choices, status=status, reminder_days=services.REMINDER_DAYS,
        expiring=personal_data.expiring_entitlements_for(request.user, alliance),
        can_register=request.user.has_perm("allocation.register_household", alliance),
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
        consent = form.cleaned_data.get("consent_text", "")
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
    household = personal_data.view_household(
        request.user, household, _("Akte eines wohnungssuchenden Haushalts")
    )
    criteria = household.criteria.all()
    can_verify = request.user.has_perm("allocation.verify_household", household)
    verify = VerifyForm(
        criteria=_criteria(household.alliance),
        initial={"confirmed": [c.criterion for c in criteria]},
    )
    return _page(
        request, "allocation/household_detail.html", household.alliance, "households",
        household=household, criteria=criteria, labels=CRITERION_LABELS,
        history=household.history.select_related("by"), verify=verify if can_verify else None,
        status_form=StatusForm() if can_verify else None,
        cost_form=CostCoverageRequestForm(), cases=household.cost_coverage_cases.all(),
        exceptions=_exceptions(household),
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
    if form.is_valid():
        confirmed = form.cleaned_data["confirmed"]
        evidence = dict.fromkeys(confirmed, form.cleaned_data["evidence"])
        run_service(
            request,
            lambda: services.verify_household(household, request.user, confirmed, evidence),
            _("Die Angaben sind geprüft; die Punkte sind neu berechnet."),
        )
    else:
        messages.error(request, _("Bitte nennen Sie die gesehenen Nachweise."))
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


@by_uuid("allocation.export_applicant", Household)
def household_export(request, household: Household):
    data = personal_data.export_household(request.user, household)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="auskunft-{household.public_id}.json"'
    response["Cache-Control"] = "no-store"
    return response


# --- cost coverage ------------------------------------------------------------------------------


@object_permission_required("allocation.view_cost_coverage", Alliance)
def cost_coverage_list(request, alliance: Alliance):
    cases = personal_data.cost_coverage_for(request.user, alliance)
    return _page(
        request, "allocation/cost_coverage_list.html", alliance, "costs", cases=cases,
        decide=CostCoverageDecisionForm(),
    )  # fmt: skip


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


# --- vacancies and nominations ------------------------------------------------------------------


@object_permission_required("allocation.view_vacancies", Alliance)
def vacancy_list(request, alliance: Alliance):
    rows = Vacancy.objects.filter(flat__alliance=alliance).select_related("flat__landlord")
    if not request.user.has_perm("allocation.nominate", alliance):
        rows = rows.filter(
            flat__landlord__in=organisations_of(request.user, alliance, Role.LANDLORD)
        )
    page = Paginator(rows, 50).get_page(request.GET.get("seite"))
    is_office = request.user.has_perm("allocation.nominate", alliance)
    return _page(
        request, "allocation/vacancy_list.html", alliance, "vacancies", page=page,
        can_report=request.user.has_perm("allocation.report_vacancy", alliance),
        batch=BatchNominationForm(vacancies=_open_vacancies(alliance)) if is_office else None,
    )  # fmt: skip


def _open_vacancies(alliance: Alliance):
    """Vacancies the housing office can name households for now (no open nomination)."""
    return (
        Vacancy.objects.filter(
            flat__alliance=alliance, status__in=(VacancyStatus.REPORTED, VacancyStatus.NOMINATED)
        )
        .exclude(nominations__status=NominationStatus.OPEN)
        .select_related("flat__landlord")
        .order_by("available_from", "pk")
    )


@require_POST
@object_permission_required("allocation.nominate", Alliance)
def vacancy_batch_nominate(request, alliance: Alliance):
    form = BatchNominationForm(request.POST, vacancies=_open_vacancies(alliance))
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie Wohnungen und ein Verfahren."))
        return redirect("allocation:vacancies", alliance.slug)
    data = form.cleaned_data
    try:
        named = services.nominate_batch(
            alliance, data["vacancies"], request.user, data["mechanism"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        flats = len({n.vacancy_id for n in named})
        messages.success(
            request,
            _("%(n)d Haushalte für %(f)d Wohnungen benannt.") % {"n": len(named), "f": flats},
        )
    return redirect("allocation:vacancies", alliance.slug)


@object_permission_required("allocation.report_vacancy", Alliance)
def vacancy_report(request, alliance: Alliance):
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        landlord = _organisation(request, alliance, Role.LANDLORD)
        flat = {k: form.cleaned_data[k] for k in VacancyForm.Meta.fields}
        try:
            vacancy = create_once(
                request, form,
                lambda: services.report_vacancy(
                    alliance, request.user, landlord, flat, form.cleaned_data["available_from"]
                ),
                lambda v: reverse("allocation:vacancy", args=[v.public_id]),
            )  # fmt: skip
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Die Wohnung ist gemeldet. Das Wohnungsamt benennt Haushalte.")
            )
            return redirect("allocation:vacancy", vacancy.public_id)
    return _page(request, "allocation/vacancy_form.html", alliance, "vacancies", form=form)


@by_uuid("allocation.view_vacancy", Vacancy)
def vacancy_detail(request, vacancy: Vacancy):
    is_office = request.user.has_perm("allocation.nominate", vacancy)
    if is_office:
        office_rows, nominees = personal_data.nominations_for_office(request.user, vacancy), ()
    else:
        office_rows, nominees = (), personal_data.nominees_for_landlord(request.user, vacancy)
    return _page(
        request, "allocation/vacancy_detail.html", vacancy.alliance, "vacancies",
        vacancy=vacancy, is_office=is_office, office_rows=office_rows, nominees=nominees,
        decided=vacancy.nominations.exclude(status=NominationStatus.OPEN),
        decision_form=DecisionForm(),
    )  # fmt: skip


@require_POST
@by_uuid("allocation.nominate", Vacancy)
def vacancy_nominate(request, vacancy: Vacancy):
    try:
        named = services.nominate_candidates(vacancy, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if named:
            messages.success(request, _("%(n)d Haushalte sind benannt.") % {"n": len(named)})
        else:
            messages.warning(request, _("Kein weiterer passender Haushalt gefunden."))
    return redirect("allocation:vacancy", vacancy.public_id)


@require_POST
@by_uuid("allocation.decide_nomination", Nomination)
def nomination_decide(request, nomination: Nomination):
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.record_landlord_decision(
                nomination, request.user, accept=data["decision"] == LandlordDecision.ACCEPT,
                reason=data["reason"], note=data["note"],
            ),
            _("Ihre Entscheidung ist erfasst."),
        )  # fmt: skip
    return redirect("allocation:vacancy", nomination.vacancy.public_id)


# --- priority list and audit --------------------------------------------------------------------


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
    versions = PriorityScheme.objects.filter(alliance=alliance).select_related("created_by")
    return _page(
        request, "allocation/scheme_list.html", alliance, "scheme", versions=versions,
        form=form if can_edit else None,
    )  # fmt: skip


@object_permission_required("allocation.view_audit", Alliance)
def audit_page(request, alliance: Alliance):
    tables = queries.acceptance_tables(alliance)
    return _page(
        request, "allocation/audit.html", alliance, "audit",
        tables=[(queries.dimension_label(k), v) for k, v in tables.items()],
        lease=queries.time_to_lease(alliance), reasons=queries.declines_by_reason(alliance),
        late_coverage=queries.flats_lost_to_late_cost_coverage(alliance),
        years=queries.yearly_closings(alliance),
        min_count=queries.MIN_COUNT,
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
