"""Documents of agenda items: upload, download and deletion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service
from wohnbuendnis.meetings import forms, services
from wohnbuendnis.meetings.models import AgendaDocument, AgendaItem, Meeting
from wohnbuendnis.meetings.views.shared import by_pk


@require_POST
@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def upload_document(request, meeting: Meeting, item_pk: int):
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(form.errors.get("__all__", [])) or _("Bitte wählen Sie eine Datei aus."),
        )
        return redirect("meetings:meeting", meeting.pk)
    upload = form.cleaned_data["file"]
    try:
        create_once(
            request,
            form,
            lambda: services.add_document(item, request.user, upload),
            lambda _document: reverse("meetings:meeting", args=[meeting.pk]),
        )
    except AlreadySubmitted as done:
        return done.response(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Unterlage ist hochgeladen."))
    return redirect("meetings:meeting", meeting.pk)


@object_permission_required("meetings.download_document", AgendaDocument, **by_pk)
def download_document(request, document: AgendaDocument):
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@object_permission_required("meetings.manage_meeting", AgendaDocument, **by_pk)
def delete_document(request, document: AgendaDocument):
    """Delete a document; whoever may upload to the meeting may delete (the button on the
    meeting page is the confirmation)."""
    meeting_pk, name = document.agenda_item.meeting_id, document.name
    run_service(
        request,
        lambda: services.delete_document(document, request.user),
        _("Die Unterlage „%(name)s“ ist gelöscht.") % {"name": name},
    )
    return redirect("meetings:meeting", meeting_pk)
