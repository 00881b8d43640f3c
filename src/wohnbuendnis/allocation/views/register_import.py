"""Importing an existing register: upload, preview with every problem by row and column,
all-or-nothing import, the template to download (housing office only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.engine import register_file
from wohnbuendnis.allocation.services.register_import import KIND
from wohnbuendnis.allocation.views.shared import _page
from wohnbuendnis.lib import uploads
from wohnbuendnis.lib.views import object_permission_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Datei (CSV oder XLSX)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.limit_text(KIND)


@object_permission_required("allocation.import_register", Alliance)
def register_import(request, alliance: Alliance):
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sha = services.store_register_upload(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("allocation:register_import_preview", alliance.slug, sha)
    return _page(
        request, "allocation/register_import.html", alliance, "households", form=form,
        columns=register_file.COLUMNS,
    )  # fmt: skip


@object_permission_required("allocation.import_register", Alliance)
def register_import_preview(request, alliance: Alliance, sha: str):
    try:
        path = services.stored_register_upload(sha)
    except FileNotFoundError:
        raise Http404 from None
    if request.method == "POST":
        try:
            result = services.import_register_upload(alliance, request.user, sha)
        except FileNotFoundError:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("Importiert: %(c)d Haushalte; %(u)d waren schon im Register und bleiben, wie "
                  "sie sind.") % {"c": result.created, "u": result.unchanged},
            )  # fmt: skip
            return redirect("allocation:households", alliance.slug)
    preview = services.preview_register(alliance, path.read_bytes(), path.name)
    return _page(
        request, "allocation/register_import_preview.html", alliance, "households",
        preview=preview, sha=sha, sample=preview.new[:20], problems=preview.problem_rows(),
    )  # fmt: skip


@require_POST
@object_permission_required("allocation.import_register", Alliance)
def register_import_discard(request, alliance: Alliance, sha: str):
    services.discard_register_upload(sha)
    messages.success(request, _("Die hochgeladene Datei ist gelöscht."))
    return redirect("allocation:register_import", alliance.slug)


@object_permission_required("allocation.import_register", Alliance)
def register_template(request, alliance: Alliance, fmt: str):
    if fmt == "csv":
        data, content_type = register_file.template_csv(), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data, content_type = register_file.template_xlsx(), XLSX
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="vorlage-register.{fmt}"'
    return response
