"""The token page of an alliance (Koordination): issue, list and revoke API tokens."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.forms import add_service_error
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.api import services
from wohnbuendnis.api.forms import TokenForm
from wohnbuendnis.api.models import ApiCall, ApiToken
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import no_store, object_permission_required, run_service


@no_store
@object_permission_required("api.manage_tokens", Alliance)
def tokens(request, alliance: Alliance):
    form = TokenForm(request.POST or None, alliance=alliance)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = create_once(
                request, form,
                lambda: services.issue_token(alliance, request.user, **form.cleaned_data),
                lambda _pair: reverse("api:tokens", args=[alliance.slug]),
            )  # fmt: skip
        except AlreadySubmitted as sent:
            return sent.response(request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            issued = {"token": token, "raw": raw}
            form = TokenForm(alliance=alliance)
    rows = ApiToken.objects.filter(alliance=alliance).select_related("organisation")
    calls = ApiCall.objects.filter(token__alliance=alliance).select_related("token__organisation")[
        :50
    ]
    return render(
        request,
        "api/tokens.html",
        {"alliance": alliance, "form": form, "tokens": rows, "calls": calls, "issued": issued},
    )


@require_POST
@object_permission_required("api.manage_tokens", Alliance)
def revoke(request, alliance: Alliance, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, alliance=alliance)
    run_service(
        request,
        lambda: services.revoke_token(token, request.user),
        _("Der Schlüssel „%(name)s“ ist widerrufen.") % {"name": token.name},
    )
    return redirect("api:tokens", alliance.slug)
