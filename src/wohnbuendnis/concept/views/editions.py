"""Editions of the concept (Fortschreibung): the list with the start form, an edition with its
frozen content and the adopt form, the decision's PDF, and the comparison of two editions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms, queries, services
from wohnbuendnis.concept.models import ConceptEdition, EditionStatus
from wohnbuendnis.concept.views.common import by_pk
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import deny, object_permission_required

DRAFT = "entwurf"  # the compare page's name for the live concept


@object_permission_required("concept.view_concept", Alliance)
def editions(request, alliance: Alliance):
    can_start = request.user.has_perm("concept.start_edition", alliance)
    if request.method == "POST" and not can_start:
        return deny(request)
    form = forms.EditionForm(request.POST or None) if can_start else None
    if form is not None and form.is_valid():
        try:
            edition = create_once(
                request,
                form,
                lambda: services.start_edition(alliance, request.user, **form.cleaned_data),
                lambda e: reverse("concept:edition", args=[e.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Fassung ist angelegt."))
            return redirect("concept:edition", edition.pk)
    context = {
        "alliance": alliance,
        "editions": ConceptEdition.objects.filter(alliance=alliance),
        "form": form,
    }
    return render(request, "concept/editions.html", context)


@object_permission_required("concept.view_concept", ConceptEdition, **by_pk)
def edition_detail(request, edition: ConceptEdition, form=None):
    can_adopt = edition.status == EditionStatus.DRAFT and request.user.has_perm(
        "concept.adopt_edition", edition
    )
    if can_adopt and form is None:
        form = forms.AdoptEditionForm()
    context = {
        "alliance": edition.alliance,
        "edition": edition,
        "content": edition.content if edition.status != EditionStatus.DRAFT else None,
        "sections": queries.edition_sections(edition.content),
        "form": form if can_adopt else None,
        "history": edition.history.select_related("by"),
    }
    return render(request, "concept/edition_detail.html", context)


@require_POST
@object_permission_required("concept.adopt_edition", ConceptEdition, **by_pk)
def edition_adopt(request, edition: ConceptEdition):
    form = forms.AdoptEditionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.adopt_edition(edition, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Fassung ist beschlossen."))
            return redirect("concept:edition", edition.pk)
    edition.refresh_from_db()
    return edition_detail.__wrapped__(request, edition, form)


@object_permission_required("concept.view_decision", ConceptEdition, **by_pk)
def edition_decision(request, edition: ConceptEdition):
    if not edition.decision_file:
        raise Http404
    response = FileResponse(
        edition.decision_file.open("rb"), as_attachment=True, filename=edition.decision_name
    )
    response["Content-Type"] = "application/pdf"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pick(alliance: Alliance, value: str | None) -> ConceptEdition | str | None:
    """An edition of the alliance by its primary key, DRAFT for the live concept, or None."""
    if value == DRAFT:
        return DRAFT
    if not (value or "").isdigit():
        return None
    return ConceptEdition.objects.filter(alliance=alliance, pk=int(value)).first()


@object_permission_required("concept.view_concept", Alliance)
def editions_compare(request, alliance: Alliance):
    """Two editions side by side (``?a=<id>&b=<id or entwurf>``): goals and measures added,
    dropped and changed with their old and new values."""
    choices = list(ConceptEdition.objects.filter(alliance=alliance).exclude(status="entwurf"))
    a, b = _pick(alliance, request.GET.get("a")), _pick(alliance, request.GET.get("b"))
    comparison = None
    if isinstance(a, ConceptEdition) and b is not None:
        comparison = services.compare(a, None if b == DRAFT else b)
    context = {
        "alliance": alliance,
        "choices": choices,
        "a": a,
        "b": b,
        "draft": DRAFT,
        "comparison": comparison,
    }
    return render(request, "concept/editions_compare.html", context)
