"""Pages of the consultations: list, new, the draft's sections, the consultation, the
organisation's statement, the synopsis with Koordination's responses, downloads, and the
public synopsis."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.consultations import downloads, forms, queries, services
from wohnbuendnis.consultations.models import (
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    StatementVersion,
)
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.lib.views import object_permission_required, run_service

by_pk = {"lookup": "pk", "url_kwarg": "pk"}


@object_permission_required("consultations.view_list", Alliance)
def consultation_list(request, alliance: Alliance):
    manage = request.user.has_perm("consultations.manage", alliance)
    context = {
        "alliance": alliance,
        "consultations": queries.for_members(alliance, drafts=manage),
        "can_manage": manage,
    }
    return render(request, "consultations/list.html", context)


@object_permission_required("consultations.manage", Alliance)
def create(request, alliance: Alliance):
    form = forms.ConsultationForm(request.POST or None, request.FILES or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = create_once(
                request,
                form,
                lambda: services.create_consultation(alliance, request.user, **form.cleaned_data),
                lambda c: reverse("consultations:sections", args=[c.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Beteiligungsverfahren ist angelegt."))
            return redirect("consultations:sections", consultation.pk)
    return render(request, "consultations/create.html", {"alliance": alliance, "form": form})


@object_permission_required("consultations.view_consultation", Consultation, **by_pk)
def detail(request, consultation: Consultation):
    manage = request.user.has_perm("consultations.manage", consultation)
    versions = queries.latest_versions(consultation)
    represented = queries.represented(request.user, consultation)
    own = [v for v in versions.values() if v.statement.organisation in represented]
    context = {
        "consultation": consultation,
        "alliance": consultation.alliance,
        "sections": consultation.sections.all(),
        "can_manage": manage,
        "can_submit": request.user.has_perm("consultations.submit_statement", consultation),
        "accepts": queries.accepts_statements(consultation),
        "deadline_passed": queries.deadline_passed(consultation),
        "own": own,
        "invited": _invited(consultation, versions) if manage else [],
        "history": consultation.history.select_related("by") if manage else [],
    }
    return render(request, "consultations/detail.html", context)


def _invited(consultation: Consultation, versions) -> list:
    """Each invited organisation with its latest statement version (or None)."""
    by_organisation = {v.statement.organisation_id: v for v in versions.values()}
    return [(o, by_organisation.get(o.pk)) for o in consultation.organisations.order_by("name")]


@object_permission_required("consultations.manage", Consultation, **by_pk)
def sections(request, consultation: Consultation):
    """The draft's sections as a list; a concept edition's guidelines or action fields can be
    taken over as the starting list (nothing is saved before "Speichern")."""
    initial = [
        {"number": s.number, "title": s.title, "text": s.text} for s in consultation.sections.all()
    ]
    template = request.GET.get("vorlage")
    if consultation.edition is not None and template in ("leitlinien", "handlungsfelder"):
        proposed = services.sections_of_edition(consultation.edition, template)
        initial = [{"number": n, "title": t, "text": x} for n, t, x in proposed]
    formset = forms.SectionFormSet(request.POST or None, initial=initial, prefix="abschnitt")
    editable = consultation.status == ConsultationStatus.DRAFT
    if request.method == "POST" and editable and formset.is_valid():
        rows = [(f.get("number"), f.get("title"), f.get("text")) for f in formset.cleaned_data]
        try:
            services.set_sections(consultation, request.user, rows)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Abschnitte sind gespeichert."))
            return redirect("consultations:detail", consultation.pk)
    context = {
        "consultation": consultation,
        "alliance": consultation.alliance,
        "formset": formset,
        "editable": editable,
        "from_edition": consultation.edition is not None
        and consultation.kind == ConsultationKind.EDITION,
    }
    return render(request, "consultations/sections.html", context)


@require_POST
@object_permission_required("consultations.manage", Consultation, **by_pk)
def open_consultation(request, consultation: Consultation):
    url = request.build_absolute_uri(reverse("consultations:detail", args=[consultation.pk]))
    run_service(
        request,
        lambda: services.open_consultation(consultation, request.user, url=url),
        _(
            "Das Beteiligungsverfahren ist eröffnet; die eingeladenen Organisationen sind "
            "benachrichtigt."
        ),
    )
    return redirect("consultations:detail", consultation.pk)


@require_POST
@object_permission_required("consultations.manage", Consultation, **by_pk)
def close(request, consultation: Consultation):
    run_service(
        request,
        lambda: services.close_consultation(
            consultation, request.user, in_site_language(gettext_noop("von Hand beendet"))
        ),
        _("Das Beteiligungsverfahren ist abgeschlossen."),
    )
    return redirect("consultations:detail", consultation.pk)


@object_permission_required("consultations.submit_statement", Consultation, **by_pk)
def statement(request, consultation: Consultation):
    """The organisation's statement; sent again, it is a new version beside the earlier."""
    organisations = queries.represented(request.user, consultation)
    versions = queries.latest_versions(consultation)
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = next((o for o in organisations if str(o.pk) == chosen), organisations[0])
    latest = next(
        (v for v in versions.values() if v.statement.organisation_id == organisation.pk), None
    )
    sections = list(consultation.sections.all())
    form = forms.StatementForm(
        request.POST or None, request.FILES or None,
        organisations=organisations, sections=sections, latest=latest,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                request,
                form,
                lambda: services.submit_statement(
                    consultation,
                    request.user,
                    data["organisation"],
                    general=data["general"],
                    comments=form.comments,
                    public=data["public"],
                    attachment=data.get("attachment"),
                    based_on=data["based_on"],
                ),
                lambda _v: reverse("consultations:detail", args=[consultation.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihre Stellungnahme ist eingereicht."))
            return redirect("consultations:detail", consultation.pk)
    earlier = (
        latest.statement.versions.select_related("submitted_by").order_by("-number")
        if latest
        else []
    )
    context = {
        "consultation": consultation,
        "alliance": consultation.alliance,
        "form": form,
        "organisation": organisation,
        "accepts": queries.accepts_statements(consultation),
        "rows": [(s, form.section_field(s)) for s in sections],
        "earlier": earlier,
    }
    return render(request, "consultations/statement.html", context)


@object_permission_required("consultations.manage", Consultation, **by_pk)
def synopsis(request, consultation: Consultation):
    rows = queries.synopsis(consultation)
    entries = [e for row in rows for e in row.entries]
    editable = consultation.status == ConsultationStatus.CLOSED
    form = forms.ResponsesForm(request.POST or None, entries=entries) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.respond(consultation, request.user, form.answers, shown=form.shown)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Antworten sind gespeichert."))
            return redirect("consultations:synopsis", consultation.pk)
    context = {
        "consultation": consultation,
        "alliance": consultation.alliance,
        "rows": [(row, [(e, form.fields_of(e.key) if form else None) for e in row.entries])
                 for row in rows],
        "form": form,
        "public": False,
    }  # fmt: skip
    return render(request, "consultations/synopsis.html", context)


@require_POST
@object_permission_required("consultations.manage", Consultation, **by_pk)
def publish(request, consultation: Consultation):
    run_service(
        request,
        lambda: services.publish_synopsis(consultation, request.user),
        _("Die Synopse ist veröffentlicht."),
    )
    return redirect("consultations:synopsis", consultation.pk)


@object_permission_required("consultations.download_synopsis", Consultation, **by_pk)
def download(request, consultation: Consultation, fmt: str):
    """The synopsis as XLSX or Word: Koordination's full copy, for everyone else (and with
    ``?oeffentlich=1``) the published one."""
    public = bool(request.GET.get("oeffentlich")) or not request.user.has_perm(
        "consultations.manage", consultation
    )
    if fmt == "xlsx":
        body, content_type = downloads.xlsx(consultation, public=public), downloads.XLSX_TYPE
    elif fmt == "docx":
        body, content_type = downloads.word(consultation, public=public), downloads.DOCX_TYPE
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    name = f"synopse-{consultation.pk}{'-oeffentlich' if public else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@object_permission_required("consultations.view_public_synopsis", Consultation, **by_pk)
def public_synopsis(request, consultation: Consultation):
    rows = queries.synopsis(consultation, public=True)
    context = {
        "consultation": consultation,
        "alliance": consultation.alliance,
        "rows": [(row, [(e, None) for e in row.entries]) for row in rows],
        "public": True,
    }
    return render(request, "consultations/synopsis.html", context)


def public_list(request, slug: str):
    alliance = Alliance.objects.filter(slug=slug).first()
    if alliance is None:
        raise Http404
    context = {"alliance": alliance, "consultations": queries.published(alliance)}
    return render(request, "consultations/public_list.html", context)


def _file(field, name: str) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@object_permission_required("consultations.view_draft_document", Consultation, **by_pk)
def document(request, consultation: Consultation):
    if not consultation.document:
        raise Http404
    return _file(consultation.document, consultation.document_name)


@object_permission_required("consultations.view_attachment", StatementVersion, **by_pk)
def attachment(request, version: StatementVersion):
    if not version.attachment:
        raise Http404
    return _file(version.attachment, version.attachment_name)
