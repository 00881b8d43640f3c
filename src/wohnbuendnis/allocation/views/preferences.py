"""Households' wishes and the preview of nominations (calculate, swap with a reason, send)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.models import (
    Household,
    NominationPreview,
    PreviewStatus,
    Vacancy,
)
from wohnbuendnis.allocation.preference_forms import PreferenceForm, PreviewForm, SwapForm
from wohnbuendnis.allocation.services import preferences, previews
from wohnbuendnis.allocation.views.shared import _page, by_uuid
from wohnbuendnis.allocation.views.vacancies import _open_vacancies
from wohnbuendnis.lib.views import deny, object_permission_required


@by_uuid("allocation.view_preferences", Household)
def household_preferences(request, household: Household):
    can_state = request.user.has_perm("allocation.state_preferences", household)
    if request.method == "POST" and not can_state:
        return deny(request)
    districts = preferences.district_choices(household.alliance)
    current = preferences.current_preference(household)
    initial = {}
    if current is not None:
        initial = {
            "districts": list(current.districts.all()), "max_floor": current.max_floor,
            "ground_floor_only": current.ground_floor_only, "step_free": current.step_free,
            "max_rent_eur": current.max_rent_eur,
        }  # fmt: skip
    form = PreferenceForm(request.POST or None, initial=initial, districts=districts)
    if request.method == "POST" and form.is_valid():
        try:
            preferences.state_preference(household, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Wohnwünsche sind gespeichert."))
            return redirect("allocation:household_preferences", household.public_id)
    return _page(
        request, "allocation/household_preferences.html", household.alliance, "households",
        household=household, form=form if can_state else None,
        history=preferences.preference_history(request.user, household),
    )  # fmt: skip


@require_POST
@object_permission_required("allocation.preview_nominations", Alliance)
def preview_create(request, alliance: Alliance):
    form = PreviewForm(request.POST, vacancies=_open_vacancies(alliance))
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie Wohnungen, ein Verfahren und die Zahl."))
        return redirect("allocation:vacancies", alliance.slug)
    data = form.cleaned_data
    try:
        preview = previews.prepare_preview(
            alliance, data["vacancies"], request.user, data["mechanism"], data["nominees"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("allocation:vacancies", alliance.slug)
    return redirect("allocation:preview", preview.public_id)


def _swap_choices(entry) -> list[tuple[int, str]]:
    households = Household.objects.in_bulk(
        [int(row.household_id) for row in previews.swap_candidates(entry)]
    )
    return [
        (pk, _("%(ref)s – %(p)d Punkte, %(n)d Personen")
         % {"ref": h.reference, "p": h.points, "n": h.persons})
        for pk, h in households.items()
    ]  # fmt: skip


@by_uuid("allocation.preview_nominations", NominationPreview)
def preview_detail(request, preview: NominationPreview):
    return _preview_page(request, preview)


def _preview_page(request, preview: NominationPreview, swap_form=None, swap_entry=None):
    groups = previews.preview_rows(request.user, preview)
    is_open = preview.status == PreviewStatus.OPEN
    rows = []
    for vacancy, entries in groups:
        shown = []
        for entry in entries:
            form = None
            if is_open:
                if swap_entry is not None and entry.pk == swap_entry.pk:
                    form = swap_form
                else:
                    form = SwapForm(candidates=_swap_choices(entry), prefix=f"tausch-{entry.pk}")
            shown.append((entry, form))
        rows.append((vacancy, shown))
    version = preview.scheme
    return _page(
        request, "allocation/nomination_preview.html", preview.alliance, "vacancies",
        preview=preview, groups=rows, is_open=is_open, scheme_version=version,
        engine_scheme=engine.parse(version.toml),
    )  # fmt: skip


@require_POST
@by_uuid("allocation.preview_nominations", NominationPreview)
def preview_swap(request, preview: NominationPreview, entry: int):
    entry_row = get_object_or_404(preview.entries.select_related("vacancy__flat"), pk=entry)
    form = SwapForm(
        request.POST, candidates=_swap_choices(entry_row), prefix=f"tausch-{entry_row.pk}"
    )
    if form.is_valid():
        household = Household.objects.get(pk=form.cleaned_data["household"])
        try:
            previews.swap_nominee(entry_row, request.user, household, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Haushalt ist getauscht; der Grund ist gespeichert."))
            return redirect("allocation:preview", preview.public_id)
    response = _preview_page(request, preview, swap_form=form, swap_entry=entry_row)
    response.status_code = 400
    return response


@require_POST
@by_uuid("allocation.preview_nominations", NominationPreview)
def preview_send(request, preview: NominationPreview):
    try:
        named = previews.send_preview(preview, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("allocation:preview", preview.public_id)
    messages.success(request, _("%(n)d Haushalte sind benannt.") % {"n": len(named)})
    vacancies = {n.vacancy_id for n in named}
    if len(vacancies) == 1:
        return redirect("allocation:vacancy", Vacancy.objects.get(pk=vacancies.pop()).public_id)
    return redirect("allocation:vacancies", preview.alliance.slug)
