"""The alliance's appearance in its reports: Koordination uploads or removes the logo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.forms import LogoForm, add_service_error
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
    return render(request, "alliance/appearance.html", {"alliance": alliance, "form": form})


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
