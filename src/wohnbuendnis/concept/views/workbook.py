"""The concept workbook: download it filled with the concept, upload it again, see every
problem and planned change, and take it over with one click (docs/concept-workbook.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries
from wohnbuendnis.concept.forms import WorkbookConfirmForm, WorkbookUploadForm
from wohnbuendnis.concept.services.workbook import (
    WorkbookRefused,
    apply_workbook,
    preview_workbook,
)
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.monitoring.services import uploads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND = "concept_workbook"  # settings.UPLOAD_LIMITS_MB


@object_permission_required("concept.view_concept", Alliance)
def workbook_download(request, alliance: Alliance):
    response = HttpResponse(queries.export_workbook(alliance), content_type=XLSX)
    name = f"handlungskonzept-{alliance.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@object_permission_required("concept.import_workbook", Alliance)
def workbook_upload(request, alliance: Alliance):
    """The upload form; a valid file is kept under its hash and previewed."""
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sha, _name = uploads.store_upload(form.cleaned_data["file"], KIND)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("concept:workbook_preview", slug=alliance.slug, sha=sha)
    return render(request, "concept/workbook_upload.html", {"alliance": alliance, "form": form})


@object_permission_required("concept.import_workbook", Alliance)
def workbook_preview(request, alliance: Alliance, sha: str):
    """Every problem and planned change; "Übernehmen" applies it once (a second click leads
    to the concept, nothing is applied twice)."""
    overview = reverse("concept:overview", args=[alliance.slug])
    form = WorkbookConfirmForm(request.POST or None)
    try:
        path = uploads.stored_upload(sha)
    except FileNotFoundError:
        path = None
    if request.method == "POST" and form.is_valid():

        def apply():
            if path is None:  # expired (a repeated click is answered before: AlreadySubmitted)
                raise FileNotFoundError(sha)
            return apply_workbook(alliance, path, request.user)

        try:
            result = create_once(request, form, apply, lambda _result: overview)
        except AlreadySubmitted as sent:
            return sent.response(request)
        except FileNotFoundError:
            pass
        except WorkbookRefused as refused:
            return _render(request, alliance, form, refused.result)
        else:
            uploads.discard_upload(sha)
            done = _("Die Arbeitsmappe ist übernommen: %(n)s Änderungen.")
            messages.success(request, done % {"n": len(result.changes)})
            return redirect(overview)
    if path is None:
        expired = _("Die hochgeladene Datei ist abgelaufen; bitte erneut hochladen.")
        messages.error(request, expired)
        return redirect("concept:workbook_upload", slug=alliance.slug)
    return _render(request, alliance, form, preview_workbook(alliance, path, request.user))


def _render(request, alliance: Alliance, form, result):
    context = {"alliance": alliance, "form": form, "result": result}
    return render(request, "concept/workbook_preview.html", context)
