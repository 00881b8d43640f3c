"""Self-commitments: the members' page, progress reports, the public list of signatories;
adopting, signing and withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, services
from wohnbuendnis.concept.models import (
    Commitment,
    CommitmentSignature,
)
from wohnbuendnis.concept.views.common import by_pk
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("concept.view_concept", Alliance)
def commitments(request, alliance: Alliance):
    signatures = (
        CommitmentSignature.objects.filter(commitment__alliance=alliance)
        .select_related("commitment", "organisation")
        .prefetch_related("reports")
    )
    for signature in signatures:
        signature.can_report = request.user.has_perm(
            "concept.report_commitment_progress", signature
        )
    context = {"alliance": alliance, "signatures": signatures, "form": forms.CommitmentReportForm()}
    return render(request, "concept/commitments.html", context)


@require_POST
@object_permission_required("concept.report_commitment_progress", CommitmentSignature, **by_pk)
def report_progress(request, signature: CommitmentSignature):
    form = forms.CommitmentReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Bitte geben Sie Jahr und Bericht an."))
        services.report_commitment_progress(signature, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ihr Fortschrittsbericht ist gespeichert."))
    return redirect("concept:commitments", signature.alliance.slug)


@object_permission_required("concept.view_public", Alliance)
def public_signatories(request, alliance: Alliance):
    """The self-commitments and who signed them, when and by whom (the progress statements
    stay with the members)."""
    signatures = CommitmentSignature.objects.select_related("organisation").order_by(
        "signed_on", "organisation__name"
    )
    commitments = Commitment.objects.filter(alliance=alliance).prefetch_related(
        Prefetch("signatures", queryset=signatures)
    )
    context = {"alliance": alliance, "commitments": commitments}
    return render(request, "concept/public_signatories.html", context)
