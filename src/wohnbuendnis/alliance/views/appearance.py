"""The alliance's appearance in its reports and open data: Koordination uploads or removes the
logo and chooses the licence of the open data."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.forms import LicenceForm, LogoForm, add_service_error
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.alliance.services.appearance import logo_content_type
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("alliance.edit_appearance", Alliance)
def appearance(request, alliance: Alliance):
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = None if form.cleaned_data["remove"] else form.cleaned_data["logo"]
        try:
            services.set_logo(alliance, upload, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = _("Das Logo ist entfernt.") if upload is None else _("Das Logo ist gespeichert.")
            messages.success(request, done)
            return redirect("alliance:appearance", alliance.slug)
    return _page(request, alliance, form=form)


def _page(request, alliance: Alliance, form=None, licence_form=None):
    context = {
        "alliance": alliance,
        "form": form or LogoForm(),
        "licence_form": licence_form or LicenceForm(initial={"licence": alliance.data_licence}),
    }
    return render(request, "alliance/appearance.html", context)


@require_POST
@object_permission_required("alliance.edit_appearance", Alliance)
def data_licence(request, alliance: Alliance):
    """The licence of the alliance's open data (a refused choice is shown again)."""
    form = LicenceForm(request.POST)
    if form.is_valid():
        try:
            services.set_licence(alliance, form.cleaned_data["licence"], by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Datenlizenz ist gespeichert."))
            return redirect("alliance:appearance", alliance.slug)
    return _page(request, alliance, licence_form=form)


@object_permission_required("alliance.view_public_page", Alliance)
def logo(request, alliance: Alliance):
    """The logo itself (public: it is on the published reports)."""
    if not alliance.logo:
        raise Http404
    response = FileResponse(alliance.logo.open("rb"), content_type=logo_content_type(alliance))
    # an SVG opened on its own runs nothing, whatever slipped through the check
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
