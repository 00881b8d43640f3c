"""Vacancies of bound flats and nominations: report, list, nominate, the landlord's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine, personal_data, services
from wohnbuendnis.allocation.forms import (
    BatchNominationForm,
    DecisionForm,
    LandlordDecision,
    VacancyForm,
)
from wohnbuendnis.allocation.models import (
    Nomination,
    NominationStatus,
    Vacancy,
    VacancyStatus,
)
from wohnbuendnis.allocation.rules import organisations_of
from wohnbuendnis.allocation.views.shared import _organisation, _page, by_uuid
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service


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
        batch=_preview_form(alliance) if is_office else None,
    )  # fmt: skip


def _preview_form(alliance: Alliance):
    """The batch form: which vacancies, mechanism, nominees per flat (the list's N)."""
    from wohnbuendnis.allocation.preference_forms import PreviewForm

    version = engine.current_scheme(alliance)
    n = engine.parse(version.toml).nominees_per_flat if version else 3
    return PreviewForm(vacancies=_open_vacancies(alliance), initial={"nominees": n})


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
    form = VacancyForm(request.POST or None, alliance=alliance)
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
    version = engine.current_scheme(vacancy.alliance)
    sizes = engine.fitting_sizes(engine.parse(version.toml), vacancy.flat) if version else None
    return _page(
        request, "allocation/vacancy_detail.html", vacancy.alliance, "vacancies",
        vacancy=vacancy, is_office=is_office, office_rows=office_rows, nominees=nominees,
        fitting_sizes=sizes, scheme_version=version,
        preview_form=_preview_form(vacancy.alliance) if is_office else None,
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
