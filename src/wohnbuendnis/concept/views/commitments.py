"""Self-commitments: the members' page, progress reports, the public list of signatories;
adopting, signing and withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, queries, services
from wohnbuendnis.concept.models import (
    Commitment,
    CommitmentReport,
    CommitmentSignature,
)
from wohnbuendnis.concept.views.common import by_pk, edit_page
from wohnbuendnis.lib.idempotency import with_token
from wohnbuendnis.lib.views import deny, object_permission_required, run_service


@object_permission_required("concept.view_concept", Alliance)
def commitments(request, alliance: Alliance):
    return _commitments_page(request, alliance)


def _commitments_page(request, alliance: Alliance, failed=None):
    """The members' page; ``failed`` (signature, bound form) shows a refused report again
    with what was typed."""
    signatures = (
        CommitmentSignature.objects.filter(commitment__alliance=alliance, withdrawn_at__isnull=True)
        .select_related("commitment", "organisation")
        .prefetch_related(
            Prefetch("reports", queryset=CommitmentReport.objects.select_related("reported_by"))
        )
    )
    for signature in signatures:
        signature.can_report = request.user.has_perm(
            "concept.report_commitment_progress", signature
        )
        refused = failed is not None and failed[0].pk == signature.pk
        signature.report_form = failed[1] if refused else forms.CommitmentReportForm()
    context = {
        "alliance": alliance,
        "signatures": signatures,
        "all_commitments": Commitment.objects.filter(alliance=alliance).order_by("-adopted_on"),
        "can_adopt": request.user.has_perm("concept.adopt_commitment", alliance),
    }
    return render(request, "concept/commitments.html", context)


@require_POST
@object_permission_required("concept.report_commitment_progress", CommitmentSignature, **by_pk)
def report_progress(request, signature: CommitmentSignature):
    form = forms.CommitmentReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_commitment_progress(signature, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Fortschrittsbericht ist gespeichert."))
            return redirect("concept:commitments", signature.alliance.slug)
    return _commitments_page(request, signature.alliance, failed=(signature, form))


@object_permission_required("concept.view_public", Alliance)
def public_signatories(request, alliance: Alliance):
    """The self-commitments and who signed them, when and by whom (the progress statements
    stay with the members)."""
    signatures = CommitmentSignature.objects.filter(withdrawn_at__isnull=True)
    signatures = signatures.select_related("organisation").order_by(
        "signed_on", "organisation__name"
    )
    commitments = Commitment.objects.filter(alliance=alliance).prefetch_related(
        Prefetch("signatures", queryset=signatures)
    )
    context = {"alliance": alliance, "commitments": commitments}
    return render(request, "concept/public_signatories.html", context)


# --- adopting, signing and withdrawing ----------------------------------------------------


@object_permission_required("concept.adopt_commitment", Alliance)
def commitment_create(request, alliance: Alliance):
    form = with_token(forms.CommitmentForm)(
        request.POST or None, initial={"adopted_on": timezone.localdate()}
    )
    return edit_page(
        request,
        form,
        lambda f: services.adopt_commitment(alliance, **f.cleaned_data),
        alliance=alliance,
        heading=_("Selbstverpflichtung beschließen"),
        done=_("Die Selbstverpflichtung ist beschlossen; die Organisationen können unterzeichnen."),
        back=lambda c: reverse("concept:commitment", args=[c.pk]),
        extra={"cancel": reverse("concept:commitments", args=[alliance.slug])},
    )


@object_permission_required("concept.adopt_commitment", Commitment, **by_pk)
def commitment_edit(request, commitment: Commitment):
    instance = Commitment.objects.get(pk=commitment.pk)
    form = forms.CommitmentForm(request.POST or None, instance=instance)
    url = reverse("concept:commitment", args=[commitment.pk])
    return edit_page(
        request,
        form,
        lambda f: services.update_commitment(commitment, **f.cleaned_data),
        alliance=commitment.alliance,
        heading=_("Selbstverpflichtung bearbeiten"),
        done=_("Die Selbstverpflichtung ist gespeichert."),
        back=url,
        extra={"intro": _("Solange niemand unterzeichnet hat, lässt sich der Text ändern.")},
    )


@object_permission_required("concept.view_concept", Commitment, **by_pk)
def commitment_detail(request, commitment: Commitment):
    """The text, who signed (and who withdrew), and for a representative: sign or withdraw."""
    user = request.user
    signatures = commitment.signatures.select_related(
        "organisation", "signed_by_user", "withdrawn_by"
    ).order_by("signed_on", "organisation__name")
    for signature in signatures:
        signature.can_withdraw = signature.withdrawn_at is None and user.has_perm(
            "concept.withdraw_signature", signature
        )
    form = None
    if user.has_perm("concept.sign_commitment", commitment):
        standing = [s.organisation_id for s in signatures if s.withdrawn_at is None]
        organisations = queries.represented_organisations(user, commitment.alliance).exclude(
            pk__in=standing
        )
        if organisations.exists():
            form = forms.SignForm(request.POST or None, organisations=organisations)
    if request.method == "POST":
        if form is None:
            return deny(request)
        if form.is_valid():
            try:
                services.sign_commitment(
                    commitment,
                    form.cleaned_data["organisation"],
                    timezone.localdate(),
                    form.cleaned_data["signed_by"] or user.get_full_name() or user.username,
                    by=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ihre Organisation hat unterzeichnet."))
                return redirect("concept:commitment", commitment.pk)
    context = {
        "alliance": commitment.alliance,
        "commitment": commitment,
        "signatures": signatures,
        "form": form,
        "can_adopt": user.has_perm("concept.adopt_commitment", commitment),
    }
    return render(request, "concept/commitment_detail.html", context)


@require_POST
@object_permission_required("concept.withdraw_signature", CommitmentSignature, **by_pk)
def signature_withdraw(request, signature: CommitmentSignature):
    run_service(
        request,
        lambda: services.withdraw_signature(signature, request.user),
        _("Die Unterschrift Ihrer Organisation ist zurückgezogen."),
    )
    return redirect("concept:commitment", signature.commitment_id)
