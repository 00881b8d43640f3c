"""Koordination admits, edits and lets leave the alliance's organisations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.forms import (
    AdmitOrganisationForm,
    LeaveForm,
    OrganisationForm,
    add_service_error,
)
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once, with_token
from wohnbuendnis.lib.views import object_permission_required


def _member(alliance: Alliance, pk: int) -> Organisation:
    active = alliance.member_organisations.active().values("organisation")
    return get_object_or_404(Organisation, pk=pk, pk__in=active)


@object_permission_required("alliance.manage_members", Alliance)
def organisation_admit(request, alliance: Alliance):
    form = with_token(AdmitOrganisationForm)(request.POST or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        existing = data.pop("existing")
        back = reverse("alliance:organisations", args=[alliance.slug])

        def admit():
            if existing:
                return services.admit_organisation(
                    alliance, existing, data["since"], by=request.user
                )
            return services.admit_new_organisation(alliance, by=request.user, **data)

        try:
            member = create_once(request, form, admit, lambda _member: back)
        except AlreadySubmitted as sent:
            return sent.response(request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(org)s ist aufgenommen.") % {"org": member.organisation})
            return redirect(back)
    return render(
        request,
        "alliance/organisation_form.html",
        {"alliance": alliance, "form": form, "title": _("Organisation aufnehmen")},
    )


@object_permission_required("alliance.manage_members", Alliance)
def organisation_edit(request, alliance: Alliance, pk: int):
    organisation = _member(alliance, pk)
    initial = {f: getattr(organisation, f) for f in ("name", "short_name", "sector", "website")}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation, by=request.user, alliance=alliance, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("alliance:organisation", alliance.slug, organisation.pk)
    return render(
        request,
        "alliance/organisation_form.html",
        {"alliance": alliance, "form": form, "organisation": organisation,
         "title": _("Organisation bearbeiten")},
    )  # fmt: skip


@object_permission_required("alliance.manage_members", Alliance)
def organisation_leave(request, alliance: Alliance, pk: int):
    organisation = _member(alliance, pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_leaves(
                alliance, organisation, form.cleaned_data["until"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(org)s ist ausgetreten.") % {"org": organisation})
            return redirect("alliance:organisations", alliance.slug)
    return render(
        request,
        "alliance/organisation_leave.html",
        {"alliance": alliance, "form": form, "organisation": organisation},
    )
