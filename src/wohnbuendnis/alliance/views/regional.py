"""Regional and state alliances (issue 15): Koordination admits the region's municipalities and
the local alliances of the area as members and names the service desk."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.forms import (
    AdmitMunicipalityForm,
    AffiliationForm,
    EndAffiliationForm,
    ServiceDeskForm,
    add_service_error,
)
from wohnbuendnis.alliance.models import ABOVE_MUNICIPALITIES, Alliance, AllianceAffiliation
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required


def _above_municipalities(alliance: Alliance) -> None:
    if alliance.area.level not in ABOVE_MUNICIPALITIES:
        raise Http404(_("Nur ein Bündnis eines Kreises, einer Region oder eines Landes."))


@object_permission_required("alliance.manage_members", Alliance)
def municipality_admit(request, alliance: Alliance):
    """ "Gemeinde aufnehmen": a municipality of the region becomes a member organisation."""
    _above_municipalities(alliance)
    form = AdmitMunicipalityForm(request.POST or None, alliance=alliance)
    back = reverse("alliance:organisations", args=[alliance.slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def admit():
            return services.admit_municipality(
                alliance, data["area"], data["since"], name=data["name"], by=request.user
            )

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
        "alliance/regional_form.html",
        {"alliance": alliance, "form": form, "title": _("Gemeinde aufnehmen"),
         "active": "organisations", "back": back},
    )  # fmt: skip


@object_permission_required("alliance.view_internal", Alliance)
def affiliation_list(request, alliance: Alliance):
    """The alliances that are members of this one, and those this one is a member of."""
    members = alliance.member_alliances.select_related("member__area").order_by(
        "until", "member__name"
    )
    parents = alliance.affiliations.active().select_related("parent__area")
    context = {
        "alliance": alliance,
        "members": members,
        "parents": parents,
        "above": alliance.area.level in ABOVE_MUNICIPALITIES,
        "may_manage": request.user.has_perm("alliance.manage_affiliations", alliance),
    }
    return render(request, "alliance/affiliation_list.html", context)


@object_permission_required("alliance.manage_affiliations", Alliance)
def affiliation_add(request, alliance: Alliance):
    _above_municipalities(alliance)
    form = AffiliationForm(request.POST or None, alliance=alliance)
    back = reverse("alliance:affiliations", args=[alliance.slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add():
            return services.affiliate_alliance(
                alliance, data["member"], data["since"], by=request.user
            )

        try:
            row = create_once(request, form, add, lambda _row: back)
        except AlreadySubmitted as sent:
            return sent.response(request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s ist aufgenommen.") % {"name": row.member.name})
            return redirect(back)
    return render(
        request,
        "alliance/regional_form.html",
        {"alliance": alliance, "form": form, "title": _("Bündnis als Mitglied aufnehmen"),
         "active": "affiliations", "back": back},
    )  # fmt: skip


@object_permission_required("alliance.manage_affiliations", Alliance)
def affiliation_end(request, alliance: Alliance, pk: int):
    row = get_object_or_404(
        AllianceAffiliation.objects.select_related("member"),
        pk=pk,
        parent=alliance,
        until__isnull=True,
    )
    form = EndAffiliationForm(request.POST or None)
    back = reverse("alliance:affiliations", args=[alliance.slug])
    if request.method == "POST" and form.is_valid():
        try:
            services.end_affiliation(
                alliance, row.member, form.cleaned_data["until"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Die Mitgliedschaft von %(name)s ist beendet.") % {"name": row.member}
            )
            return redirect(back)
    title = _("Mitgliedschaft beenden: %(name)s") % {"name": row.member.name}
    return render(
        request,
        "alliance/regional_form.html",
        {"alliance": alliance, "form": form, "title": title, "active": "affiliations",
         "back": back},
    )  # fmt: skip


@object_permission_required("alliance.edit_service_desk", Alliance)
def service_desk(request, alliance: Alliance):
    """The service desk's contact for the municipalities, on the public page."""
    initial = {
        "contact": alliance.service_desk_contact,
        "email": alliance.service_desk_email,
        "phone": alliance.service_desk_phone,
    }
    form = ServiceDeskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_service_desk(alliance, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Servicestelle ist gespeichert."))
            return redirect("site:alliance", alliance.slug)
    return render(
        request,
        "alliance/regional_form.html",
        {"alliance": alliance, "form": form, "title": _("Servicestelle für die Gemeinden"),
         "active": "service_desk", "back": reverse("site:alliance", args=[alliance.slug])},
    )  # fmt: skip
