"""Koordination creates and edits bodies, their chairs and members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.forms import BodyForm, add_service_error
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once, with_token
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("alliance.manage_bodies", Alliance)
def body_create(request, alliance: Alliance):
    form = with_token(BodyForm)(request.POST or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            body = create_once(
                request,
                form,
                lambda: services.create_body(
                    alliance, data.pop("kind"), data.pop("name"), by=request.user, **data
                ),
                lambda b: reverse("alliance:body", args=[alliance.slug, b.pk]),
            )
        except AlreadySubmitted as sent:
            return sent.response(request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Gremium „%(body)s“ ist angelegt.") % {"body": body})
            return redirect("alliance:body", alliance.slug, body.pk)
    return render(
        request,
        "alliance/body_form.html",
        {"alliance": alliance, "form": form, "title": _("Gremium anlegen")},
    )


@object_permission_required("alliance.manage_bodies", Alliance)
def body_edit(request, alliance: Alliance, pk: int):
    body = get_object_or_404(alliance.bodies, pk=pk)
    initial = {
        "kind": body.kind,
        "name": body.name,
        "short_name": body.short_name,
        "mandate": body.mandate,
        "chairs": list(body.chairs.all()),
        "members": list(body.members.all()),
    }
    form = BodyForm(request.POST or None, alliance=alliance, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_body(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Gremium ist gespeichert."))
            return redirect("alliance:body", alliance.slug, body.pk)
    return render(
        request,
        "alliance/body_form.html",
        {"alliance": alliance, "form": form, "body": body, "title": _("Gremium bearbeiten")},
    )
